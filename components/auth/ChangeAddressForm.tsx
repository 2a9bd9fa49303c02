import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import formStyles from "@/components/ui/Form.module.css";
import { useEmailStatus, useFormFeedback, validateForm } from "@/lib/client";
import { emailChangeSchema } from "@/lib/email-flows/shared";

interface ChangeAddressFormProps {
  /** The address the account has now (a password manager files the password under it). */
  email: string;
  hasPassword: boolean;
}

/**
 * "Change address" on the "Check your email" step: the email-change flow
 * Settings uses, so the rules are the same. The session and the password ask
 * for it; an address another account has is refused; nothing changes until
 * the new address opens its link, which also confirms it.
 */
export function ChangeAddressForm({ email, hasPassword }: ChangeAddressFormProps) {
  const { requestEmailChange } = useEmailStatus();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();
  const [sent, setSent] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const values = new FormData(event.currentTarget);
    const change = { newEmail: String(values.get("newEmail") ?? ""), currentPassword: hasPassword ? String(values.get("currentPassword") ?? "") : undefined };
    const { data, fields: invalid } = validateForm(emailChangeSchema, change);
    if (!data) return showErrors(invalid);
    if (hasPassword && !data.currentPassword) return showErrors({ currentPassword: ["Enter your password"] });
    const ok = await submit(async () => setSent((await requestEmailChange(data)).message));
    if (ok) formRef.current?.reset();
  }

  return (
    <form ref={formRef} className={formStyles.form} onSubmit={onSubmit} noValidate aria-label="Change address">
      <FormAlert message={formError} />
      {hasPassword && <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />}
      <TextField name="newEmail" label="The right email address" type="email" autoComplete="email" required autoFocus errors={fields.newEmail} />
      {hasPassword && (
        <PasswordField id="field-change-password" name="currentPassword" label="Your password" autoComplete="current-password" required errors={fields.currentPassword} />
      )}
      <SubmitButton pending={pending} label="Send a link to this address" pendingLabel="Sending link…" />
      <div role="status">{sent && <p className={formStyles.success}>{sent} Open it to switch to that address; it confirms it too.</p>}</div>
    </form>
  );
}
