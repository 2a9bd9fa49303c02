import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { ProviderSignInForm } from "@/components/ui/ProviderSignInForm";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import formStyles from "@/components/ui/Form.module.css";
import styles from "./Settings.module.css";
import { confirmPassword, confirmWithPasskey, errorMessage, useConnectedAccounts, useFormFeedback, usePasskeys, validateForm } from "@/lib/client";
import { reauthSchema } from "@/lib/users/shared";

interface ReauthPromptProps {
  /** Accounts with a password confirm it here; others sign in again with a connected provider. */
  hasPassword: boolean;
  /** Runs the refused action again once the password is confirmed. */
  onConfirmed: () => Promise<unknown> | void;
  onCancel: () => void;
}

/**
 * Shown when an action can take over the account and the last sign-in is over
 * 10 minutes old (the server answers 403 REAUTH_REQUIRED; the page may ask first).
 */
export function ReauthPrompt({ hasPassword, onConfirmed, onCancel }: ReauthPromptProps) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(reauthSchema, { password: String(new FormData(event.currentTarget).get("password") ?? "") });
    if (!data) return showErrors(invalid);
    const ok = await submit(() => confirmPassword(data.password));
    if (ok) await onConfirmed();
  }

  if (!hasPassword) return <SignInAgain onCancel={onCancel} onConfirmed={onConfirmed} />;

  return (
    <form ref={formRef} className={`${formStyles.form} ${styles.panel}`} onSubmit={onSubmit} noValidate aria-labelledby="reauth-heading">
      <h3 id="reauth-heading">Confirm it is you</h3>
      <p>Your last sign-in was more than 10 minutes ago. Enter your password to continue.</p>
      <FormAlert message={formError} />
      <PasswordField name="password" label="Your password" autoComplete="current-password" required errors={fields.password} />
      <div className={styles.actions}>
        <SubmitButton pending={pending} label="Confirm and continue" pendingLabel="Checking…" />
        <PasskeyReauthButton onConfirmed={onConfirmed} />
        <button type="button" className={styles.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * An account without a password proves itself by signing in again with a
 * provider it is connected to. The browser stays signed in: NextAuth renews
 * this session's authentication time and comes back to Settings. Should the
 * list of providers be unavailable, signing out and in again does it too.
 */
function SignInAgain({ onCancel, onConfirmed }: Pick<ReauthPromptProps, "onCancel" | "onConfirmed">) {
  const { connections, error } = useConnectedAccounts();
  const linked = connections?.accounts ?? [];
  return (
    <div className={styles.panel} role="group" aria-labelledby="reauth-heading">
      <h3 id="reauth-heading">Sign in again to continue</h3>
      <p>Your last sign-in was more than 10 minutes ago. Sign in again, then retry here.</p>
      <div className={styles.actions}>
        {(error || (connections && linked.length === 0)) && (
          <button type="button" className={styles.button} onClick={() => void signOut({ callbackUrl: "/auth/signin?callbackUrl=%2Fsettings%2Faccount" })}>
            Sign in again
          </button>
        )}
        {linked.map((account) => (
          <ProviderSignInForm
            key={account.provider}
            provider={{ id: account.provider, name: account.providerName }}
            callbackUrl="/settings/account"
            className={styles.button}
          >
            Sign in again with {account.providerName}
          </ProviderSignInForm>
        ))}
        <PasskeyReauthButton onConfirmed={onConfirmed} />
        <button type="button" className={styles.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** "Use a passkey" instead, for an account that has one: the device confirms it is you (and an account without a password needs no detour). */
function PasskeyReauthButton({ onConfirmed }: Pick<ReauthPromptProps, "onConfirmed">) {
  const { passkeys } = usePasskeys();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!passkeys?.length) return null;

  async function onClick() {
    setPending(true);
    setError(null);
    try {
      await confirmWithPasskey();
    } catch (caught) {
      setPending(false);
      return setError(errorMessage(caught));
    }
    setPending(false);
    await onConfirmed();
  }

  return (
    <>
      <button type="button" className={styles.button} onClick={() => void onClick()} disabled={pending}>
        {pending ? "Waiting for your passkey…" : "Use a passkey"}
      </button>
      <FormAlert message={error} />
    </>
  );
}
