import { useSession } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { FormAlert } from "@/components/FormAlert";
import { LoadState } from "@/components/LoadState";
import { SubmitButton } from "@/components/SubmitButton";
import { TextField } from "@/components/TextField";
import formStyles from "@/components/Form.module.css";
import styles from "@/components/Settings.module.css";
import type { FieldErrors } from "@/lib/api/errors";
import { ApiError } from "@/lib/api-client";
import { validateForm } from "@/lib/forms";
import { errorMessage } from "@/lib/hooks/error-message";
import { useFocusAfterRender } from "@/lib/hooks/use-focus-after-render";
import { useMe } from "@/lib/hooks/use-me";
import { passwordEqualsEmailMessage } from "@/lib/validations/password";
import { passwordChangeSchema, type MeResponse, type PasswordChange } from "@/lib/validations/user";

/** Change the password, or set a first one on an account that only ever signed in with OAuth. */
export function PasswordSection() {
  const { user, error, reload } = useMe();
  return (
    <section className={styles.section} aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      {user ? (
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
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const focusLater = useFocusAfterRender();

  /**
   * Focuses the first invalid input once React has committed the errors: after
   * an awaited request the commit may come later than lib/forms' next frame.
   */
  function focusFirstInvalid() {
    focusLater(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']"));
  }

  function focusSubmit() {
    focusLater(() => formRef.current?.querySelector<HTMLButtonElement>("button[type=submit]:enabled"));
  }

  function showErrors(next: FieldErrors, message: string | null = null) {
    setFields(next);
    setFormError(message ?? next._?.join(" ") ?? null);
    if (next.currentPassword || next.newPassword) focusFirstInvalid();
    else focusSubmit();
  }

  /** The schema's checks, plus the two the browser can make without the server. */
  function validate(values: PasswordChange): { data: PasswordChange; fields: null } | { data: null; fields: FieldErrors } {
    const result = validateForm(passwordChangeSchema, values);
    const fields: FieldErrors = { ...result.fields };
    if (user.hasPassword && !values.currentPassword) fields.currentPassword = ["Enter your current password"];
    const sameAsEmail = fields.newPassword ? null : passwordEqualsEmailMessage(values.newPassword, user.email);
    if (sameAsEmail) fields.newPassword = [sameAsEmail];
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

    setPending(true);
    setFields({});
    setFormError(null);
    try {
      await changePassword(data);
      // Re-reads the session at once: the server may have bumped what it checks against.
      await refreshSession();
      form.reset();
      setChanged(
        user.hasPassword
          ? "Password changed. Other devices have been signed out."
          : "Password set. You can now also sign in with your email and password. Other devices have been signed out.",
      );
      focusSubmit();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) showErrors(error.fields);
      else showErrors({}, errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} className={formStyles.form} onSubmit={onSubmit} noValidate>
      {!user.hasPassword && (
        <p className={styles.sectionIntro}>
          You sign in with another provider. Set a password to also sign in with your email.
        </p>
      )}
      <FormAlert message={formError} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
      {user.hasPassword && (
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          errors={fields.currentPassword}
        />
      )}
      <TextField
        name="newPassword"
        label={user.hasPassword ? "New password" : "Password"}
        type="password"
        autoComplete="new-password"
        required
        hint="8 to 72 bytes. Avoid common passwords and your email address."
        errors={fields.newPassword}
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
  );
}
