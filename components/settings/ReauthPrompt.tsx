import { signOut } from "next-auth/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { ProviderSignInForm } from "@/components/ui/ProviderSignInForm";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { CodeField } from "@/components/ui/CodeField";
import formStyles from "@/components/ui/Form.module.css";
import { PasskeyReauthButton } from "./PasskeyReauthButton";
import styles from "./Settings.module.css";
import { confirmPassword, confirmTotpCode, useConnectedAccounts, useFormFeedback, useReauthWays, validateForm } from "@/lib/client";
import { codeReauthSchema, passwordReauthSchema } from "@/lib/users/shared";

interface ReauthPromptProps {
  /** Accounts with a password can confirm it here; others use their authenticator app, a passkey, or a provider. */
  hasPassword: boolean;
  /** Runs the refused action again once the user has proved who they are. */
  onConfirmed: () => Promise<unknown> | void;
  onCancel: () => void;
}

type Way = "password" | "code";

/**
 * Shown when an action can take over the account and the last sign-in is over
 * 10 minutes old (the server answers 403 REAUTH_REQUIRED; the page may ask
 * first). It offers what the account has: the password, a code from the
 * authenticator app, a passkey; an account with none of the first two signs
 * in again with a provider.
 */
export function ReauthPrompt({ hasPassword, onConfirmed, onCancel }: ReauthPromptProps) {
  const ways = useReauthWays();
  const [chosen, setChosen] = useState<Way>("password");
  // Renders nothing for an account without passkeys.
  const passkey = <PasskeyReauthButton onConfirmed={onConfirmed} />;

  if (!hasPassword && !ways.totp) return <SignInAgain onCancel={onCancel}>{passkey}</SignInAgain>;

  const way: Way = hasPassword && ways.totp ? chosen : hasPassword ? "password" : "code";
  const other: Way = way === "password" ? "code" : "password";
  const canSwitch = hasPassword && ways.totp;
  return (
    <ProofForm key={way} way={way} onConfirmed={onConfirmed} onCancel={onCancel}>
      {passkey}
      {canSwitch && (
        <button type="button" className={styles.button} onClick={() => setChosen(other)}>
          {other === "code" ? "Use your authenticator app" : "Use your password"}
        </button>
      )}
    </ProofForm>
  );
}

const ASK: Record<Way, string> = {
  password: "Enter your password to continue.",
  code: "Enter the 6-digit code from your authenticator app to continue.",
};

/** The password or the authenticator code, checked with the API's schema first and then by the server. */
function ProofForm({ way, onConfirmed, onCancel, children }: { way: Way; onConfirmed: () => Promise<unknown> | void; onCancel: () => void; children: ReactNode }) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();

  /** Checks the typed proof with the API's own schema, then sends it; true once the server accepted it. */
  async function send(form: FormData): Promise<boolean> {
    if (way === "password") {
      const { data, fields: invalid } = validateForm(passwordReauthSchema, { password: String(form.get("password") ?? "") });
      if (!data) {
        showErrors(invalid);
        return false;
      }
      return submit(() => confirmPassword(data.password));
    }
    const { data, fields: invalid } = validateForm(codeReauthSchema, { code: String(form.get("code") ?? "") });
    if (!data) {
      showErrors(invalid);
      return false;
    }
    return submit(() => confirmTotpCode(data.code));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await send(new FormData(event.currentTarget))) await onConfirmed();
  }

  return (
    <form ref={formRef} className={`${formStyles.form} ${styles.panel}`} onSubmit={onSubmit} noValidate aria-labelledby="reauth-heading">
      <h3 id="reauth-heading">Confirm it is you</h3>
      <p>Your last sign-in was more than 10 minutes ago. {ASK[way]}</p>
      <FormAlert message={formError} />
      {way === "password" ? (
        <PasswordField name="password" label="Your password" autoComplete="current-password" required errors={fields.password} />
      ) : (
        <CodeField label="Code from your authenticator app" errors={fields.code} />
      )}
      <div className={styles.actions}>
        <SubmitButton pending={pending} label="Confirm and continue" pendingLabel="Checking…" />
        {children}
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
 * `children`: another way it has (a passkey).
 */
function SignInAgain({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
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
        {children}
        <button type="button" className={styles.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
