import { useRef } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import styles from "./Settings.module.css";
import { useActionStatus, useFocusAfterRender, useSessions } from "@/lib/client";
import type { DeviceSessionView } from "@/lib/sessions/shared";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function deviceName(session: DeviceSessionView): string {
  return `${session.browser || "Unknown browser"} on ${session.os || "an unknown system"}`;
}

function formatTime(iso: string) {
  return <time dateTime={iso}>{timeFormat.format(new Date(iso))}</time>;
}

/**
 * Where this account is signed in. Signing a device out ends its session at
 * its next request; this device is left alone (the header's Sign out is for it).
 */
export function SessionsSection() {
  const { sessions, error, reload, revokeSession, revokeOtherSessions } = useSessions();
  const { busy, status, error: actionError, run: runAction } = useActionStatus<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusLater = useFocusAfterRender();

  /** Runs one sign-out; afterwards the clicked button is gone, so focus goes to the section heading. */
  async function run(id: string, action: () => Promise<string>) {
    await runAction(id, action);
    focusLater(() => headingRef.current);
  }

  const others = sessions?.filter((session) => !session.current) ?? [];

  return (
    <section className={styles.section} aria-labelledby="sessions-heading" id="sessions">
      <h2 id="sessions-heading" ref={headingRef} tabIndex={-1}>
        Active sessions
      </h2>
      <p className={styles.sectionIntro}>Devices signed in to your account, most recently active first.</p>
      {sessions ? (
        <>
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <caption className={styles.visuallyHidden}>Devices signed in to your account</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">IP address</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last active</th>
                  <th scope="col">
                    <span className={styles.visuallyHidden}>Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr key={session.id}>
                    <th scope="row">
                      {deviceName(session)}
                      {session.current && <span className={styles.badge}>This device</span>}
                    </th>
                    <td>{session.ip}</td>
                    <td>{formatTime(session.createdAt)}</td>
                    <td>{formatTime(session.lastSeenAt)}</td>
                    <td>
                      {!session.current && (
                        <button
                          type="button"
                          className={styles.button}
                          disabled={busy !== null}
                          onClick={() =>
                            void run(session.id, async () => {
                              await revokeSession(session.id);
                              return `Signed out ${deviceName(session)}.`;
                            })
                          }
                        >
                          {busy === session.id ? "Signing out…" : "Sign out"}
                          <span className={styles.visuallyHidden}> {deviceName(session)}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className={styles.actions}>
            {others.length > 0 ? (
              <button
                type="button"
                className={styles.dangerButton}
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
              <p className={styles.muted}>No other devices are signed in.</p>
            )}
            <div role="status">{status && <p className={styles.saved}>{status}</p>}</div>
          </div>
          <FormAlert message={actionError} />
        </>
      ) : (
        <LoadState what="your sessions" error={error} onRetry={reload} />
      )}
    </section>
  );
}
