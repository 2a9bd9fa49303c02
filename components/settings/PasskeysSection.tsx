import { useRef, useState, type FormEvent } from "react";
import { useSession } from "next-auth/react";
import { FormAlert } from "@/components/ui/FormAlert";
import { TextField } from "@/components/ui/TextField";
import { LoadState } from "./LoadState";
import { PasskeyRow } from "./PasskeyRow";
import { ReauthPrompt } from "./ReauthPrompt";
import rowStyles from "./KeyRows.module.css";
import styles from "./Settings.module.css";
import { errorMessage, isReauthRequired, useConnectedAccounts, useHydrated, useNow, usePasskeys } from "@/lib/client";
import { PASSKEY_NAME_MAX } from "@/lib/passkeys/shared";
import { isAuthenticationStale } from "@/lib/sessions/shared";

/** What waits for the user to confirm who they are: adding a passkey named so, or removing one. */
type Pending = { action: "add"; name: string } | { action: "remove"; id: string } | null;

/**
 * Settings → Security → Passkeys: sign in with the device's fingerprint,
 * face or PIN instead of a password. Each is listed with when it was added
 * and last used, can be renamed and removed; adding or removing one needs a
 * sign-in within the last 10 minutes, and the last way in is never removed.
 */
export function PasskeysSection() {
  const { passkeys, error, reload, add, rename, remove } = usePasskeys();
  const { connections } = useConnectedAccounts();
  const { data: session } = useSession();
  const hydrated = useHydrated();
  const now = useNow();
  const [pending, setPending] = useState<Pending>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** When it was confirmed here, before the session cookie's new authentication time reaches useSession. */
  const confirmedAt = useRef(0);
  const isFresh = () => !isAuthenticationStale(Math.max(session?.authTime ?? 0, confirmedAt.current));

  /** Adds a passkey named `name`; true once it is stored. */
  async function addNow(name: string): Promise<boolean> {
    setPending(null);
    setStatus(null);
    setProblem(null);
    if (!isFresh()) {
      setPending({ action: "add", name });
      return false;
    }
    setAdding(true);
    try {
      const added = await add(name);
      setStatus(`Added the passkey "${added.name}".`);
      return true;
    } catch (caught) {
      if (isReauthRequired(caught)) setPending({ action: "add", name });
      else setProblem(errorMessage(caught));
      return false;
    } finally {
      setAdding(false);
    }
  }

  async function removeNow(id: string) {
    try {
      await remove(id);
      setStatus("Removed the passkey.");
    } catch (caught) {
      if (isReauthRequired(caught)) setPending({ action: "remove", id });
      throw caught;
    }
  }

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    void addNow(name || "Passkey").then((added) => added && form.reset());
  }

  function onConfirmed() {
    confirmedAt.current = Date.now();
    const waiting = pending;
    setPending(null);
    if (waiting?.action === "add") void addNow(waiting.name);
    if (waiting?.action === "remove") void removeNow(waiting.id).catch((caught: unknown) => setProblem(errorMessage(caught)));
  }

  return (
    <section className={styles.section} aria-labelledby="passkeys-heading" id="passkeys">
      <h2 id="passkeys-heading" tabIndex={-1}>
        Passkeys
      </h2>
      <p className={styles.sectionIntro}>Sign in with your device&apos;s fingerprint, face or screen lock instead of a password.</p>
      {passkeys ? (
        passkeys.length > 0 ? (
          <ul className={rowStyles.keyList}>
            {passkeys.map((passkey) => (
              <PasskeyRow
                key={passkey.id}
                passkey={passkey}
                now={now}
                disabled={adding}
                rename={(name) => rename(passkey.id, name)}
                remove={() => removeNow(passkey.id)}
              />
            ))}
          </ul>
        ) : (
          <p className={styles.muted}>No passkeys yet.</p>
        )
      ) : (
        <LoadState what="your passkeys" error={error} onRetry={reload} />
      )}
      {hydrated && (
        <form className={styles.formActions} onSubmit={onAdd} noValidate>
          <TextField name="name" id="new-passkey-name" label="Name for a new passkey" placeholder="MacBook, phone, security key" maxLength={PASSKEY_NAME_MAX} />
          <button type="submit" className={styles.button} disabled={adding}>
            {adding ? "Waiting for your device…" : "Add a passkey"}
          </button>
        </form>
      )}
      <div role="status">{status && <p className={styles.saved}>{status}</p>}</div>
      <FormAlert message={problem} />
      {pending && <ReauthPrompt hasPassword={connections?.hasPassword ?? true} onConfirmed={onConfirmed} onCancel={() => setPending(null)} />}
    </section>
  );
}
