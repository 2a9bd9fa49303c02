import { useSession } from "next-auth/react";
import { useEffect, useState } from "react";
import adminAction from "@/components/ui/AdminActionMark.module.css";
import styles from "./ImpersonationBanner.module.css";
import { errorMessage, stopImpersonation, useFocusAfterRender, useHydrated } from "@/lib/client";

const ERROR_ID = "impersonation-error";
const MARK_ID = "impersonation-action-mark";

const endTimeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/**
 * While an admin views the product as another user ("view as"), a strip at
 * the top of every page, kept in view while the page scrolls (sticky, in the
 * page's flow: it takes its own room rather than covering the header), says
 * whose account is shown, read-only, until when, and who is really signed
 * in, with the one thing the admin may do here, marked as theirs: stop.
 * Stopping swaps the session cookie, so the page after it is a full load.
 */
export function ImpersonationBanner() {
  const { data: session } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focusLater = useFocusAfterRender();
  // Without JavaScript the button could do nothing: it waits for the page to hydrate.
  const hydrated = useHydrated();

  // Back from the next page (bfcache) shows this page as it was left: ready again, not "Stopping…".
  useEffect(() => {
    const ready = () => setPending(false);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);

  const impersonator = session?.impersonator;
  if (!session || !impersonator) return null;

  async function stop() {
    setPending(true);
    setError(null);
    try {
      const { redirectTo } = await stopImpersonation();
      window.location.assign(redirectTo);
    } catch (caught) {
      setPending(false);
      setError(errorMessage(caught));
      focusLater(() => document.getElementById(ERROR_ID));
    }
  }

  const viewed = session.user.name || session.user.email || "this user";
  const admin = impersonator.name || impersonator.email || "an admin";
  const endsAt = new Date(impersonator.endsAt);
  return (
    <div role="status" className={styles.banner} data-view-as-banner="">
      <p className={styles.text}>
        You are viewing KeyForge as <strong>{viewed}</strong>, read-only, until{" "}
        <time dateTime={endsAt.toISOString()} suppressHydrationWarning>
          {endTimeFormat.format(endsAt)}
        </time>
        . You are signed in as {admin}.
      </p>
      <div className={styles.action}>
        <span id={MARK_ID} className={adminAction.mark}>
          Admin action
        </span>
        <button
          type="button"
          className={styles.stop}
          disabled={!hydrated || pending}
          aria-busy={pending}
          aria-describedby={MARK_ID}
          onClick={() => void stop()}
        >
          {pending ? "Stopping…" : "Stop viewing"}
        </button>
      </div>
      {error && (
        <p id={ERROR_ID} role="alert" tabIndex={-1} className={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}
