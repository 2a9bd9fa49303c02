import Link from "next/link";
import styles from "./FirstSteps.module.css";
import type { OnboardingProgress } from "@/lib/account-reads/shared";

interface Step {
  title: string;
  description: string;
  done: boolean;
  action?: { href: string; label: string };
}

function stepsOf(progress: OnboardingProgress): Step[] {
  return [
    {
      title: "Create your account and confirm your email",
      description: progress.emailVerified
        ? "You are signed in, and your address is confirmed."
        : "Enter the 6-digit code we emailed you: storing a key and generating need a confirmed address.",
      done: progress.emailVerified,
      action: { href: "/auth/check-email?callbackUrl=%2F", label: "Enter the code" },
    },
    {
      title: "Add your Together AI key",
      description: "KeyForge generates code with your own key. It is stored encrypted and only ever used by the server.",
      done: progress.apiKeyAdded,
      // Opens the key form, focused, where the keys are (components/settings/ApiKeysSection.tsx).
      action: { href: "/settings/keys?add=togetherAI", label: "Add your key in Settings" },
    },
    {
      title: "Generate your first code",
      description: "Describe what you need and watch the answer stream in.",
      done: progress.firstCodeGenerated,
      action: { href: "/generate", label: "Open Generate" },
    },
  ];
}

function StepMark({ done, number }: { done: boolean; number: number }) {
  if (!done) return <span className={styles.mark}>{number}</span>;
  return (
    <span className={styles.markDone}>
      <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" aria-hidden="true">
        <path d="M5 12l5 5 9-10" />
      </svg>
    </span>
  );
}

/**
 * A new account's first steps, each ticked off once done (the server checks,
 * every time the start page renders). Only the next step offers its action.
 * Once all are done the start page no longer shows them (StartPage.tsx).
 */
export function FirstSteps({ progress }: { progress: OnboardingProgress }) {
  const steps = stepsOf(progress);
  const doneCount = steps.filter((step) => step.done).length;
  const next = steps.find((step) => !step.done);
  return (
    <section className={styles.firstSteps} aria-labelledby="first-steps-heading">
      <div className={styles.heading}>
        <h2 id="first-steps-heading">Get started</h2>
        <p className={styles.count}>
          {doneCount} of {steps.length} done
        </p>
      </div>
      <ol className={styles.steps}>
        {steps.map((step, index) => (
          <li key={step.title} className={step.done ? styles.stepDone : styles.step} aria-current={step === next ? "step" : undefined}>
            <StepMark done={step.done} number={index + 1} />
            <div className={styles.stepText}>
              <h3 className={styles.stepTitle}>
                {step.title}
                {step.done && <span className={styles.visuallyHidden}> (done)</span>}
              </h3>
              {step === next && (
                <>
                  <p>{step.description}</p>
                  {step.action && (
                    <Link href={step.action.href} className={styles.action}>
                      {step.action.label}
                    </Link>
                  )}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
