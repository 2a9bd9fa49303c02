import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { emailOnlySchema } from "@/lib/email-flows/shared";
import { requestPasswordReset, useFormFeedback, validateForm } from "@/lib/client";

/**
 * "Forgot password?": an email address, and a link to choose a new password
 * sent to it. The answer is the same whether or not an account uses it, so
 * it is shown as it comes; the form stays, to send again or fix a typo.
 */
export function ForgotPasswordForm({ initialEmail }: { initialEmail: string }) {
  const { formRef, fields, formError, pending, showErrors, focusSubmit, submit } = useFormFeedback();
  const [answer, setAnswer] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAnswer(null);
    const { data, fields: invalid } = validateForm(emailOnlySchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    const ok = await submit(async () => {
      setAnswer((await requestPasswordReset(data.email)).message);
    });
    if (ok) focusSubmit();
  }

  // method="post": without JavaScript the address stays out of the URL (nothing is sent then; the API takes JSON).
  return (
    <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={initialEmail}
        hint="The address you sign in with. We send it a link to choose a new password."
        errors={fields.email}
      />
      <SubmitButton pending={pending} label="Send reset link" pendingLabel="Sending…" />
      <div role="status">{answer && <p className={styles.success}>{answer}</p>}</div>
      <noscript>
        <p className={styles.hint}>This form needs JavaScript, which is turned off in your browser.</p>
      </noscript>
    </form>
  );
}
