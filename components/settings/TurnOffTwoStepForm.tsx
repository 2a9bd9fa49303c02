import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { CodeField } from "@/components/ui/CodeField";
import formStyles from "@/components/ui/Form.module.css";
import settingsStyles from "./Settings.module.css";
import { useFormFeedback, validateForm } from "@/lib/client";
import { totpDisableSchema, type TotpDisable } from "@/lib/two-factor/shared";

interface TurnOffTwoStepFormProps {
  /** Whether the account has a password, which can prove it instead of a code (a lost phone). */
  hasPassword: boolean;
  turnOff: (proof: TotpDisable) => Promise<void>;
  onDone: () => void;
  onCancel: () => void;
}

/** Turning two-step verification off: a current code from the app proves it is the owner, or the password. */
export function TurnOffTwoStepForm({ hasPassword, turnOff, onDone, onCancel }: TurnOffTwoStepFormProps) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();
  const [withPassword, setWithPassword] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const proof = withPassword ? { currentPassword: String(values.get("currentPassword") ?? "") } : { code: String(values.get("code") ?? "") };
    const { data, fields: invalid } = validateForm(totpDisableSchema, proof);
    if (!data) return showErrors(invalid);
    if (await submit(() => turnOff(data))) onDone();
  }

  return (
    <form ref={formRef} className={`${formStyles.form} ${settingsStyles.panel}`} onSubmit={onSubmit} noValidate aria-labelledby="totp-off-heading">
      <h3 id="totp-off-heading">Turn off two-step verification</h3>
      <p>Signing in will need only your password or provider again, and your recovery codes will stop working.</p>
      <FormAlert message={formError} />
      {withPassword ? (
        <PasswordField name="currentPassword" label="Your password" autoComplete="current-password" required errors={fields.currentPassword} />
      ) : (
        <CodeField label="Code from your authenticator app" errors={fields.code} />
      )}
      {hasPassword && (
        <button type="button" className={settingsStyles.button} onClick={() => setWithPassword(!withPassword)}>
          {withPassword ? "Use a code from the app instead" : "No phone? Use your password instead"}
        </button>
      )}
      <div className={settingsStyles.actions}>
        <SubmitButton pending={pending} label="Turn off" pendingLabel="Turning off…" />
        <button type="button" className={settingsStyles.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
