import type { FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { CodeField } from "@/components/ui/CodeField";
import styles from "@/components/ui/Form.module.css";
import { useFormFeedback, validateForm, verifyEmailCode } from "@/lib/client";
import { emailCodeSchema } from "@/lib/email-flows/shared";

/**
 * The one input for the 6-digit code from the verification mail: numeric
 * keypad on phones, the code offered by the phone's keyboard or the mail app
 * (one-time-code), and a paste with spaces or a dash accepted. A wrong code
 * says how many tries are left, next to the input; `onVerified` runs once it is right.
 */
export function VerifyCodeForm({ onVerified }: { onVerified: () => Promise<void> | void }) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(emailCodeSchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    await submit(async () => {
      await verifyEmailCode(data);
      await onVerified();
    });
  }

  // Posted to the page itself before JavaScript runs, so a code never lands in a URL.
  return (
    <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <CodeField label="6-digit code" autoFocus errors={fields.code} />
      <SubmitButton pending={pending} label="Verify email" pendingLabel="Checking the code…" />
    </form>
  );
}
