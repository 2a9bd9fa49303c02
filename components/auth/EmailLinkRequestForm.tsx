import { useEffect, useState, type FormEvent } from "react";
import { LastUsed } from "./ProviderButtons";
import { TextField } from "@/components/ui/TextField";
import styles from "@/components/ui/Form.module.css";
import { emailSchema } from "@/lib/users/shared";

interface EmailLinkRequestFormProps {
  callbackUrl: string;
  /** NextAuth's CSRF token, rendered by the page: the form works without JavaScript. */
  csrfToken: string;
  /** This browser signed in with a link last time. */
  lastUsed: boolean;
}

/**
 * "Email me a sign-in link": a plain form posting to NextAuth's
 * `/api/auth/signin/email`, which answers "check your email" (/auth/email-sent)
 * whatever the address. With JavaScript, the address is checked first, as the
 * other forms check theirs.
 */
export function EmailLinkRequestForm({ callbackUrl, csrfToken, lastUsed }: EmailLinkRequestFormProps) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<string[] | undefined>(undefined);

  // Coming back with the Back button restores the page as it was left: ready again, not "Sending…".
  useEffect(() => {
    const ready = () => setPending(false);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const email = new FormData(event.currentTarget).get("email");
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      event.preventDefault();
      setErrors(parsed.error.issues.map((issue) => issue.message));
      return;
    }
    setErrors(undefined);
    setPending(true); // The form goes as it is.
  }

  return (
    // No "Email" in these labels: the password form's field is the page's one "Email" (what people, and tests, look for).
    <form method="post" action="/api/auth/signin/email" className={styles.form} onSubmit={onSubmit} noValidate aria-label="Sign in with a link">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="field-link-email"
        name="email"
        type="email"
        label="Send a sign-in link to"
        autoComplete="email"
        required
        errors={errors}
        hint="Your email address. No password needed: the link signs you in, once, within 10 minutes."
      />
      <button type="submit" className={styles.providerButton} disabled={pending} aria-busy={pending}>
        {pending ? "Sending the link…" : "Email me a sign-in link"}
        {lastUsed && !pending && <LastUsed />}
      </button>
    </form>
  );
}
