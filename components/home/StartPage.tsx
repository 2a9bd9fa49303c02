import type { KeyboardEvent } from "react";
import { FirstSteps } from "./FirstSteps";
import { RecentGenerations } from "./RecentGenerations";
import styles from "./StartPage.module.css";
import { isSubmitShortcut } from "@/lib/client";
import { PROMPT_MAX_LENGTH } from "@/lib/generation/shared";
import type { OnboardingProgress } from "@/lib/account-reads/shared";

/** Ctrl/Cmd+Enter sends the prompt box, as on /generate. */
function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (isSubmitShortcut(event)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

/**
 * A signed-in person's start page: their first steps until they are done, a
 * prompt box that starts the generation on /generate (a plain form post, so
 * the prompt stays out of URLs and it works before JavaScript has loaded:
 * pages/generate.tsx holds it, redirects, and starts it), and their recent
 * generations.
 */
export function StartPage({ name, progress }: { name: string | null; progress: OnboardingProgress | null }) {
  // Unknown progress (the database was unreachable): no first steps, rather than wrong ones.
  const gettingStarted = progress !== null && (!progress.apiKeyAdded || !progress.firstCodeGenerated);
  const greeting = gettingStarted ? "Welcome to KeyForge" : "Welcome back";
  return (
    <main id="main" className={styles.main}>
      <h1 className={styles.title}>{name ? `${greeting}, ${name}` : greeting}</h1>

      {progress && gettingStarted && <FirstSteps progress={progress} />}

      <section className={styles.card} aria-labelledby="start-heading">
        <h2 id="start-heading">What do you want to build?</h2>
        <form action="/generate" method="post" className={styles.promptForm}>
          <label htmlFor="home-prompt" className={styles.visuallyHidden}>
            Describe the code you want
          </label>
          <textarea
            id="home-prompt"
            name="prompt"
            rows={3}
            maxLength={PROMPT_MAX_LENGTH}
            required
            className={styles.prompt}
            placeholder="A TypeScript function that…"
            onKeyDown={submitOnCtrlEnter}
          />
          <button type="submit" className={styles.submit}>
            Generate
          </button>
        </form>
      </section>

      <RecentGenerations />
    </main>
  );
}
