import { useEffect, useState } from "react";
import { SubmitButton } from "@/components/ui/SubmitButton";
import styles from "@/components/ui/Form.module.css";

interface EmailLinkSignInFormProps {
  /** NextAuth's callback for the link, with its token, email and callbackUrl. */
  action: string;
  email: string;
}

/**
 * The sign-in link's page signs in only when its button is pressed: mail
 * scanners open links, and must not use them up or sign anyone in. A plain
 * form, so it works without JavaScript; NextAuth answers with the redirect.
 */
export function EmailLinkSignInForm({ action, email }: EmailLinkSignInFormProps) {
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const ready = () => setPending(false);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);

  return (
    <>
      <p>
        Sign in to KeyForge as <strong>{email}</strong>?
      </p>
      <form method="post" action={action} className={styles.form} onSubmit={() => setPending(true)}>
        <p className={styles.hint}>The link works once. If this address has no account yet, signing in creates one.</p>
        <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
      </form>
    </>
  );
}
