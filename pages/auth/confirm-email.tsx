import Head from "next/head";
import Link from "next/link";
import { ConfirmEmailChangeForm } from "@/components/auth/ConfirmEmailChangeForm";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkEmailChangeLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type ConfirmEmailProps = { valid: true; newEmail: string; token: string } | { valid: false; problem: EmailTokenProblem };

/** Only checks the link: the change happens when the button is pressed. */
export const getServerSideProps = withOptionalPageAuth<ConfirmEmailProps>(async (ctx) => {
  const { token } = ctx.query;
  const link = await checkEmailChangeLink(token);
  if (link.ok && link.token.newEmail && typeof token === "string") {
    return { valid: true, newEmail: link.token.newEmail, token };
  }
  return { valid: false, problem: link.ok ? "invalid" : link.problem };
});

export default function ConfirmEmailPage(props: ConfirmEmailProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Confirm your new email · KeyForge</title>
      </Head>
      <h1>Confirm your new email</h1>
      {props.valid ? (
        <ConfirmEmailChangeForm token={props.token} newEmail={props.newEmail} />
      ) : (
        <EmailLinkProblem problem={props.problem} nextStep="Ask for the change again in Settings.">
          <Link href="/settings/account#email">Go to Settings</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
