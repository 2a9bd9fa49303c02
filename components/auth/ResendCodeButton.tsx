import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import formStyles from "@/components/ui/Form.module.css";
import styles from "./CheckEmail.module.css";
import { ApiError, errorMessage, RESEND_COOL_DOWN_SECONDS, resendEmailCode, useHydrated, useNow } from "@/lib/client";

/**
 * "Resend code": a new code (and link) to the account's address, the old code
 * dead. Shows progress, then what was sent, and counts down before it can be
 * pressed again (longer when the server says how long: 429 Retry-After).
 * Disabled until the page has hydrated: it needs JavaScript.
 */
export function ResendCodeButton() {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const now = useNow(1000);
  const waitSeconds = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  async function send() {
    setPending(true);
    setAnswer(null);
    setProblem(null);
    try {
      setAnswer((await resendEmailCode()).message);
      setWaitUntil(Date.now() + RESEND_COOL_DOWN_SECONDS * 1000);
    } catch (error) {
      setProblem(errorMessage(error));
      if (error instanceof ApiError && error.retryAfterSeconds) setWaitUntil(Date.now() + error.retryAfterSeconds * 1000);
    } finally {
      setPending(false);
    }
  }

  const label = pending ? "Sending…" : waitSeconds > 0 ? `Resend code (${waitSeconds} s)` : "Resend code";
  return (
    <>
      <button type="button" className={styles.resend} disabled={!hydrated || pending || waitSeconds > 0} aria-busy={pending} onClick={() => void send()}>
        {label}
      </button>
      <div role="status" className={styles.status}>
        {answer && <p className={formStyles.success}>{answer}</p>}
      </div>
      {problem && (
        <div className={styles.status}>
          <FormAlert message={problem} />
        </div>
      )}
    </>
  );
}
