import Link from "next/link";
import { useRouter } from "next/router";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { CodeField } from "@/components/ui/CodeField";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { ErrorCode } from "@/lib/http/shared";
import { ApiError, finishSignInWithSecondStep, useFormFeedback, validateForm } from "@/lib/client";
import { recoveryCodeSchema, totpCodeSchema } from "@/lib/two-factor/shared";

export type SecondStepMethod = "totp" | "recovery";

interface SecondStepFormProps {
  method: SecondStepMethod;
  /** Where to go once signed in: a same-origin path. */
  callbackUrl: string;
  /** NextAuth's CSRF token for the visitor's cookie, so the form also works as a plain POST (no JavaScript). */
  csrfToken: string;
  /** Why the last code was refused, when the page was reached with `?error=`. */
  initialError: string | null;
}

const schemas = {
  totp: z.object({ code: totpCodeSchema }),
  recovery: z.object({ recoveryCode: recoveryCodeSchema }),
};

/**
 * The second step of a sign-in: the code from the authenticator app, or one
 * of the recovery codes. Without JavaScript the form posts itself to
 * NextAuth's `two-factor` callback, as the sign-in form posts to
 * `credentials`; the code goes in the body, never the URL. When the pending
 * sign-in has ended (too slow, too many wrong codes), the way on is to sign
 * in again, and the message links there.
 */
export function SecondStepForm({ method, callbackUrl, csrfToken, initialError }: SecondStepFormProps) {
  const router = useRouter();
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback(initialError);
  const [ended, setEnded] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setEnded(false);
    const { data, fields: invalid } = validateForm(schemas[method], Object.fromEntries(new FormData(event.currentTarget)));
    if (!data) return showErrors(invalid);
    await submit(async () => {
      try {
        await router.push(await finishSignInWithSecondStep(data, callbackUrl));
      } catch (error) {
        setEnded(error instanceof ApiError && error.code === ErrorCode.TwoFactorExpired);
        throw error;
      }
    });
  }

  const other = method === "totp" ? { method: "recovery", callbackUrl } : { callbackUrl };
  return (
    <form ref={formRef} className={styles.form} method="post" action="/api/auth/callback/two-factor" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={formError}>{ended && <Link href={{ pathname: "/auth/signin", query: { callbackUrl } }}>Sign in again</Link>}</FormAlert>
      {method === "totp" ? (
        <CodeField key="code" label="6-digit code" hint="From your authenticator app." autoFocus errors={fields.code} />
      ) : (
        <TextField
          key="recoveryCode"
          name="recoveryCode"
          label="Recovery code"
          hint="One of the codes you saved when you turned on two-step verification. Each works once."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          required
          autoFocus
          errors={fields.recoveryCode}
        />
      )}
      <SubmitButton pending={pending} label="Verify" pendingLabel="Checking the code…" />
      <p className={styles.hint}>
        <Link href={{ pathname: "/auth/two-factor", query: other }} replace>
          {method === "totp" ? "Use a recovery code" : "Use your authenticator app"}
        </Link>
      </p>
    </form>
  );
}
