import Head from "next/head";
import Link from "next/link";
import { ConfirmEmailChangeForm } from "@/components/auth/ConfirmEmailChangeForm";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkEmailChangeLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type ConfirmEmailProps = {
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
} & (
  | {
      valid: true;
      /** The account's address when the change was asked for (null: it had none), so the page names the account. */
      email: string | null;
      newEmail: string;
      token: string;
    }
  | { valid: false; problem: EmailTokenProblem }
);

/** Only checks the link (opening the page changes nothing): the change happens when the button is pressed. */
export const getServerSideProps = withOptionalPageAuth<ConfirmEmailProps>(async (ctx, session) => {
  const signedIn = session !== null;
  const { token } = ctx.query;
  const link = await checkEmailChangeLink(token);
  if (link.ok && link.token.newEmail && typeof token === "string") {
    return { signedIn, valid: true, email: link.token.email || null, newEmail: link.token.newEmail, token };
  }
  return { signedIn, valid: false, problem: link.ok ? "invalid" : link.problem };
});

export default function ConfirmEmailPage(props: ConfirmEmailProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Confirm your new email · KeyForge</title>
      </Head>
      <h1>Confirm your new email</h1>
      {props.valid ? (
        <ConfirmEmailChangeForm token={props.token} email={props.email} newEmail={props.newEmail} signedIn={props.signedIn} />
      ) : props.signedIn ? (
        <EmailLinkProblem problem={props.problem} nextStep="Ask for the change again in Settings.">
          <Link href="/settings/account#email">Back to Settings</Link>
        </EmailLinkProblem>
      ) : (
        <EmailLinkProblem problem={props.problem} nextStep="Sign in, then ask for the change again in Settings.">
          <Link href={{ pathname: "/auth/signin", query: { callbackUrl: "/settings/account#email" } }}>Sign in</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
