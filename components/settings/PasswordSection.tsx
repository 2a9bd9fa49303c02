import { useSession } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import { ReauthPrompt } from "./ReauthPrompt";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import formStyles from "@/components/ui/Form.module.css";
import styles from "./Settings.module.css";
import type { FieldErrors } from "@/lib/http/shared";
import { isReauthRequired, useFormFeedback, useMe, validateForm } from "@/lib/client";
import { NEW_PASSWORD_HINT, newPasswordProblem } from "@/lib/passwords/shared";
import { passwordChangeSchema, type MeResponse, type PasswordChange } from "@/lib/users/shared";

/** Change the password, or set a first one on an account that only ever signed in with OAuth. */
export function PasswordSection() {
  const { user, error, reload } = useMe();
  return (
    <section className={styles.section} aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      {user && !user.email && !user.hasPassword ? (
        <p className={styles.sectionIntro}>
          A password signs in together with your email address, and your account has none yet. You sign in with a connected
          account instead.
        </p>
      ) : user ? (
        <PasswordForm user={user} />
      ) : (
        <LoadState what="your account" error={error} onRetry={reload} />
      )}
    </section>
  );
}

function PasswordForm({ user }: { user: MeResponse["user"] }) {
  const { changePassword } = useMe();
  const { update: refreshSession } = useSession();
  const { formRef, fields, formError, pending, showErrors, focusSubmit, submit } = useFormFeedback();
  const [changed, setChanged] = useState<string | null>(null);
  /** The change the server refused until the user signs in again (403 REAUTH_REQUIRED), to retry after. */
  const [awaitingReauth, setAwaitingReauth] = useState<PasswordChange | null>(null);

  /** The schema's checks, and the new-password policy as far as the browser checks it on submit (the server adds the common-password list). */
  function validate(values: PasswordChange): { data: PasswordChange; fields: null } | { data: null; fields: FieldErrors } {
    const result = validateForm(passwordChangeSchema, values);
    const fields: FieldErrors = { ...result.fields };
    if (user.hasPassword && !values.currentPassword) fields.currentPassword = ["Enter your current password"];
    const policyProblem = fields.newPassword ? null : newPasswordProblem(values.newPassword, { email: user.email ?? "" });
    if (policyProblem) fields.newPassword = [policyProblem];
    if (result.data && Object.keys(fields).length === 0) return { data: result.data, fields: null };
    return { data: null, fields };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(null);
    const form = event.currentTarget;
    const values = new FormData(form);
    const newPassword = String(values.get("newPassword") ?? "");
    const currentPassword = user.hasPassword ? String(values.get("currentPassword") ?? "") : undefined;
    const { data, fields: invalid } = validate({ currentPassword, newPassword });
    if (!data) return showErrors(invalid);
    if (await save(data)) form.reset();
  }

  async function save(data: PasswordChange): Promise<boolean> {
    setAwaitingReauth(null);
    const ok = await submit(async () => {
      try {
        // 204 with a fresh session cookie for this device (the old one stops working everywhere).
        await changePassword(data);
      } catch (error) {
        if (isReauthRequired(error)) setAwaitingReauth(data);
        throw error;
      }
      await refreshSession();
    });
    if (!ok) return false;
    formRef.current?.reset();
    setChanged(
      user.hasPassword
        ? "Password changed. Other devices have been signed out."
        : "Password set. You can now also sign in with your email and password. Other devices have been signed out.",
    );
    focusSubmit();
    return true;
  }

  return (
    <>
      <form ref={formRef} className={formStyles.form} onSubmit={onSubmit} noValidate>
        {!user.hasPassword && (
          <p className={styles.sectionIntro}>
            You sign in with another provider. Set a password to also sign in with your email.
          </p>
        )}
        <FormAlert message={formError} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={user.email ?? ""} readOnly hidden />
        {user.hasPassword && (
          <PasswordField
            name="currentPassword"
            label="Current password"
            autoComplete="current-password"
            required
            errors={fields.currentPassword}
          />
        )}
        <PasswordField
          name="newPassword"
          label={user.hasPassword ? "New password" : "Password"}
          autoComplete="new-password"
          required
          hint={NEW_PASSWORD_HINT}
          errors={fields.newPassword}
          strengthMeter={{ email: user.email ?? "" }}
        />
        <div className={styles.formActions}>
          <SubmitButton
            pending={pending}
            label={user.hasPassword ? "Change password" : "Set password"}
            pendingLabel="Saving…"
          />
          <div role="status">{changed && <p className={formStyles.success}>{changed}</p>}</div>
        </div>
      </form>
      {awaitingReauth && (
        <ReauthPrompt
          hasPassword={user.hasPassword}
          onConfirmed={() => save(awaitingReauth)}
          onCancel={() => setAwaitingReauth(null)}
        />
      )}
    </>
  );
}
