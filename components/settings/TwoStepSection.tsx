import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import { ReauthPrompt } from "./ReauthPrompt";
import { RecoveryCodesPanel } from "./RecoveryCodesPanel";
import settingsStyles from "./Settings.module.css";
import styles from "./TwoStepSection.module.css";
import { TotpSetupPanel } from "./TotpSetupPanel";
import { TurnOffTwoStepForm } from "./TurnOffTwoStepForm";
import { errorMessage, isReauthRequired, useFocusAfterRender, useMe, useTwoFactor } from "@/lib/client";
import { RECOVERY_CODES_LOW, type TotpSetupResponse, type TwoFactorOverview } from "@/lib/two-factor/shared";

/** What the section shows besides the status: a setup under way, codes shown once, the turn-off form. */
type Step = { kind: "status" } | { kind: "setup"; setup: TotpSetupResponse } | { kind: "codes"; codes: string[]; fresh: "first" | "new" } | { kind: "turn-off" };

/** The action a 403 REAUTH_REQUIRED stopped, to run again once the person confirmed it is them. */
type Retry = "setup" | "regenerate";

/** Settings → Security → Two-step verification: an authenticator app, and recovery codes for when the phone is gone. */
export function TwoStepSection() {
  const twoFactor = useTwoFactor();
  const { user } = useMe();
  const [step, setStep] = useState<Step>({ kind: "status" });
  const [busy, setBusy] = useState<Retry | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [awaitingReauth, setAwaitingReauth] = useState<Retry | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const focusAfterRender = useFocusAfterRender();
  const { overview } = twoFactor;

  async function run(action: Retry) {
    setBusy(action);
    setProblem(null);
    setDone(null);
    setAwaitingReauth(null);
    try {
      if (action === "setup") setStep({ kind: "setup", setup: await twoFactor.startSetup() });
      else setStep({ kind: "codes", codes: await twoFactor.regenerateCodes(), fresh: "new" });
    } catch (error) {
      if (isReauthRequired(error)) setAwaitingReauth(action);
      else setProblem(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  /** Back to the status, with what just happened, and focus on the section's main button. */
  function finish(message: string | null) {
    setStep({ kind: "status" });
    setDone(message);
    focusAfterRender(() => document.querySelector<HTMLElement>("#two-step [data-main-action]"));
  }

  return (
    <section id="two-step" className={settingsStyles.section} aria-labelledby="two-step-heading">
      <h2 id="two-step-heading">Two-step verification</h2>
      <p className={settingsStyles.sectionIntro}>
        After your password or provider, signing in also asks for a code from an authenticator app on your phone.
      </p>
      {!overview ? (
        <LoadState what="two-step verification" error={twoFactor.error} onRetry={twoFactor.reload} />
      ) : step.kind === "setup" ? (
        <TotpSetupPanel
          setup={step.setup}
          confirmSetup={twoFactor.confirmSetup}
          onEnabled={(codes) => setStep({ kind: "codes", codes, fresh: "first" })}
          onCancel={() => finish(null)}
        />
      ) : step.kind === "codes" ? (
        <RecoveryCodesPanel codes={step.codes} fresh={step.fresh} onDone={() => finish(null)} />
      ) : step.kind === "turn-off" ? (
        <TurnOffTwoStepForm
          hasPassword={user?.hasPassword ?? false}
          turnOff={twoFactor.turnOff}
          onDone={() => finish("Two-step verification is off.")}
          onCancel={() => finish(null)}
        />
      ) : (
        <TwoStepStatus overview={overview} busy={busy} onSetUp={() => void run("setup")} onRegenerate={() => void run("regenerate")} onTurnOff={() => setStep({ kind: "turn-off" })} />
      )}
      <FormAlert message={problem} />
      <div role="status">{done && <p className={settingsStyles.saved}>{done}</p>}</div>
      {awaitingReauth && (
        <ReauthPrompt hasPassword={user?.hasPassword ?? false} onConfirmed={() => run(awaitingReauth)} onCancel={() => setAwaitingReauth(null)} />
      )}
    </section>
  );
}

interface TwoStepStatusProps {
  overview: TwoFactorOverview;
  busy: Retry | null;
  onSetUp: () => void;
  onRegenerate: () => void;
  onTurnOff: () => void;
}

function TwoStepStatus({ overview, busy, onSetUp, onRegenerate, onTurnOff }: TwoStepStatusProps) {
  if (!overview.totp.enabled) {
    return (
      <div className={styles.status}>
        <p>
          Status: <strong>Off</strong>
        </p>
        <div className={settingsStyles.actions}>
          <button type="button" className={settingsStyles.button} onClick={onSetUp} disabled={busy !== null} aria-busy={busy === "setup"} data-main-action>
            {busy === "setup" ? "Starting…" : "Set up an authenticator app"}
          </button>
        </div>
      </div>
    );
  }
  const left = overview.recoveryCodesLeft;
  return (
    <div className={styles.status}>
      <p>
        Status: <strong>On</strong> <span className={settingsStyles.badge}>Authenticator app</span>
      </p>
      <p className={left <= RECOVERY_CODES_LOW ? settingsStyles.warning : settingsStyles.muted}>
        {left === 1 ? "1 recovery code left." : `${left} recovery codes left.`}
        {left <= RECOVERY_CODES_LOW && " Make new ones before you run out."}
      </p>
      <div className={settingsStyles.actions}>
        <button type="button" className={settingsStyles.button} onClick={onRegenerate} disabled={busy !== null} aria-busy={busy === "regenerate"} data-main-action>
          {busy === "regenerate" ? "Making codes…" : "Make new recovery codes"}
        </button>
        <button type="button" className={settingsStyles.dangerButton} onClick={onTurnOff} disabled={busy !== null}>
          Turn off
        </button>
      </div>
    </div>
  );
}
