import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { emailOnlySchema } from "@/lib/email-flows/shared";
import { requestPasswordReset, resendVerificationLink, useFormFeedback, validateForm } from "@/lib/client";

interface SendNewLinkFormProps {
  /** Which link: to choose a new password (forgot-password) or to confirm the address (resend-verification). */
  kind: "reset-password" | "verify-email";
  /** The address the unusable link was for, when known: the field starts with it. */
  initialEmail: string | null;
  /**
   * As the form's own page (/auth/forgot-password) shows it: its button and the
   * field's hint. Without it, the form is "Send a new link" under a link that
   * turned out unusable.
   */
  asPage?: { submitLabel: string; hint: string };
}

const SEND = { "reset-password": requestPasswordReset, "verify-email": resendVerificationLink };

/**
 * An emailed link asked for: on "Forgot password?", or right where a link
 * turned out unusable ("Send a new one"). The address (filled in when known),
 * a button, progress, and the answer, which is the same whether or not an
 * account uses the address. The form stays, to send again or fix a typo.
 */
export function SendNewLinkForm({ kind, initialEmail, asPage }: SendNewLinkFormProps) {
  const { formRef, fields, formError, pending, showErrors, focusSubmit, submit } = useFormFeedback();
  const [answer, setAnswer] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAnswer(null);
    const { data, fields: invalid } = validateForm(emailOnlySchema, Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    const ok = await submit(async () => {
      setAnswer((await SEND[kind](data.email)).message);
    });
    if (ok) focusSubmit();
  }

  // method="post": without JavaScript the address stays out of the URL (nothing is sent then; the API takes JSON).
  return (
    <form ref={formRef} className={styles.form} method="post" onSubmit={onSubmit} noValidate aria-label={asPage ? undefined : "Send a new link"}>
      <FormAlert message={formError} />
      <TextField
        name="email"
        id={asPage ? undefined : "send-new-link-email"}
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={initialEmail ?? ""}
        hint={asPage?.hint}
        errors={fields.email}
      />
      <SubmitButton pending={pending} label={asPage?.submitLabel ?? "Send a new link"} pendingLabel="Sending…" />
      <div role="status">{answer && <p className={styles.success}>{answer}</p>}</div>
      <noscript>
        <p className={styles.hint}>This form needs JavaScript, which is turned off in your browser.</p>
      </noscript>
    </form>
  );
}
