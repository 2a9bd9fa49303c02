import { useRef } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import settingsStyles from "./Settings.module.css";
import styles from "./SessionsSection.module.css";
import { absoluteTime, timeAgo, useActionStatus, useFocusAfterRender, useNow, useSessions } from "@/lib/client";
import type { DeviceSessionView } from "@/lib/sessions/shared";

/**
 * A device counts as in use when seen this recently: the server records a
 * device's activity at most once per revalidation (a minute by default).
 */
const ACTIVE_NOW_MS = 2 * 60 * 1000;

function deviceName(session: DeviceSessionView): string {
  return `${session.browser || "Unknown browser"} on ${session.os || "an unknown system"}`;
}

/** "3 min. ago", the exact time on hover. Its words depend on the clock and the locale, so the server's may differ. */
function RelativeTime({ iso, now, children }: { iso: string; now: number; children?: string }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)} suppressHydrationWarning>
      {children ?? timeAgo(iso, now, "compact")}
    </time>
  );
}

/** A phone for the mobile systems, a laptop for the rest: a hint for the eye, the name says it in words. */
function DeviceIcon({ os }: { os: string }) {
  const phone = /android|ios/i.test(os);
  return (
    <svg className={styles.icon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {phone ? (
        <>
          <rect x="7" y="2.5" width="10" height="19" rx="2" />
          <path d="M11 18.5h2" />
        </>
      ) : (
        <>
          <rect x="4" y="4.5" width="16" height="11" rx="1.5" />
          <path d="M2 19.5h20" />
        </>
      )}
    </svg>
  );
}

interface DeviceRowProps {
  session: DeviceSessionView;
  now: number;
  /** Which sign-out is running, if any: every button waits for it. */
  busy: string | null;
  onSignOut: (session: DeviceSessionView) => void;
}

function DeviceRow({ session, now, busy, onSignOut }: DeviceRowProps) {
  const name = deviceName(session);
  const activeNow = now - Date.parse(session.lastSeenAt) < ACTIVE_NOW_MS;
  return (
    <li className={session.current ? `${styles.device} ${styles.current}` : styles.device}>
      <DeviceIcon os={session.os} />
      <div className={styles.details}>
        <div className={styles.title}>
          <h3 className={styles.name}>{name}</h3>
          {session.current && <span className={styles.badge}>This device</span>}
        </div>
        <p className={styles.facts}>
          {activeNow ? (
            <span className={styles.activeNow}>
              <RelativeTime iso={session.lastSeenAt} now={now}>
                Active now
              </RelativeTime>
            </span>
          ) : (
            <span>
              Last active <RelativeTime iso={session.lastSeenAt} now={now} />
            </span>
          )}
          <span>
            Signed in <RelativeTime iso={session.createdAt} now={now} />
          </span>
          <span>
            IP <span className={styles.ip}>{session.ip || "unknown"}</span>
          </span>
        </p>
      </div>
      {!session.current && (
        <button type="button" className={styles.signOut} disabled={busy !== null} onClick={() => onSignOut(session)}>
          {busy === session.id ? "Signing out…" : "Sign out"}
          <span className={settingsStyles.visuallyHidden}> {name}</span>
        </button>
      )}
    </li>
  );
}

/** Two empty cards where the list will be, so the page does not jump when it arrives. */
function SessionsSkeleton() {
  return (
    <div className={styles.skeleton}>
      <p className={settingsStyles.visuallyHidden} role="status">
        Loading your sessions…
      </p>
      <div className={styles.skeletonCard} aria-hidden="true" />
      <div className={styles.skeletonCard} aria-hidden="true" />
    </div>
  );
}

/**
 * Where this account is signed in, this device first. Signing a device out
 * ends its session at its next request; this device is left alone (the
 * header's Sign out is for it).
 */
export function SessionsSection() {
  const { sessions, error, reload, revokeSession, revokeOtherSessions } = useSessions();
  const { busy, status, error: actionError, run: runAction } = useActionStatus<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusLater = useFocusAfterRender();
  const now = useNow();

  /** Runs one sign-out; afterwards the clicked button is gone, so focus goes to the section heading. */
  async function run(id: string, action: () => Promise<string>) {
    await runAction(id, action);
    focusLater(() => headingRef.current);
  }

  function signOutDevice(session: DeviceSessionView) {
    void run(session.id, async () => {
      await revokeSession(session.id);
      return `Signed out ${deviceName(session)}.`;
    });
  }

  const others = sessions?.filter((session) => !session.current) ?? [];

  return (
    <section className={settingsStyles.section} aria-labelledby="sessions-heading" id="sessions">
      <h2 id="sessions-heading" ref={headingRef} tabIndex={-1}>
        Active sessions
      </h2>
      <p className={settingsStyles.sectionIntro}>
        Devices signed in to your account: the one you are using, then the others by their latest activity.
      </p>
      {sessions ? (
        <>
          <ul className={styles.list} aria-label="Signed-in devices">
            {sessions.map((session) => (
              <DeviceRow key={session.id} session={session} now={now} busy={busy} onSignOut={signOutDevice} />
            ))}
          </ul>
          <div className={settingsStyles.actions}>
            {others.length > 0 ? (
              <button
                type="button"
                className={styles.signOutAll}
                disabled={busy !== null}
                onClick={() =>
                  void run("others", async () => {
                    const revoked = await revokeOtherSessions();
                    return revoked === 1 ? "Signed out 1 other device." : `Signed out ${revoked} other devices.`;
                  })
                }
              >
                {busy === "others" ? "Signing out…" : "Sign out of all other devices"}
              </button>
            ) : (
              <p className={settingsStyles.muted}>No other devices are signed in.</p>
            )}
            <div role="status">{status && <p className={settingsStyles.saved}>{status}</p>}</div>
          </div>
          <FormAlert message={actionError} />
        </>
      ) : error ? (
        <LoadState what="your sessions" error={error} onRetry={reload} />
      ) : (
        <SessionsSkeleton />
      )}
    </section>
  );
}
