import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import buttonStyles from "@/components/ui/Button.module.css";
import styles from "@/components/ui/Form.module.css";
import { emailOnlySchema } from "@/lib/email-flows/shared";
import { errorMessage, resendVerificationLink, useHydrated, validateForm } from "@/lib/client";

interface ResendVerificationButtonProps {
  /** What is typed in the sign-in form's email field. */
  email: string;
  /** The id of that field, to send focus there when it holds no address. */
  emailFieldId: string;
}

/**
 * "Send a new link", after a sign-in refused because the email is not
 * confirmed: a new confirmation link to the address typed above. The answer
 * is the same whether or not such an account exists. It needs JavaScript (the
 * API takes JSON), so it is not shown before the page has hydrated.
 */
export function ResendVerificationButton({ email, emailFieldId }: ResendVerificationButtonProps) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!hydrated) return null;

  async function send() {
    setAnswer(null);
    setProblem(null);
    const { data, fields } = validateForm(emailOnlySchema, { email });
    if (!data) {
      setProblem(`${fields.email?.join(" ") ?? "Enter your email address"} above, then send a new link.`);
      document.getElementById(emailFieldId)?.focus();
      return;
    }
    setPending(true);
    try {
      setAnswer((await resendVerificationLink(data.email)).message);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className={styles.field}>
      <button type="button" className={buttonStyles.secondary} disabled={pending} aria-busy={pending} onClick={() => void send()}>
        {pending ? "Sending…" : "Send a new link"}
      </button>
      <div role="status">{answer && <p className={styles.success}>{answer}</p>}</div>
      <FormAlert message={problem} />
    </div>
  );
}
