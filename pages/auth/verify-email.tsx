import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { VerifyEmailForm } from "@/components/auth/VerifyEmailForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkVerificationLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type VerifyEmailProps = {
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
} & ({ valid: true; token: string; email: string } | { valid: false; problem: EmailTokenProblem });

/** Only checks the link: the address is confirmed when the form is sent, with the account's password. */
export const getServerSideProps = withOptionalPageAuth<VerifyEmailProps>(async (ctx, session) => {
  const signedIn = session !== null;
  const { token } = ctx.query;
  const link = await checkVerificationLink(token);
  if (link.ok && typeof token === "string") return { signedIn, valid: true, token, email: link.token.email };
  return { signedIn, valid: false, problem: link.ok ? "invalid" : link.problem };
});

export default function VerifyEmailPage(props: VerifyEmailProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Confirm your email · KeyForge</title>
      </Head>
      <h1>Confirm your email</h1>
      {props.valid ? (
        <VerifyEmailForm token={props.token} email={props.email} signedIn={props.signedIn} />
      ) : (
        <EmailLinkProblem problem={props.problem} nextStep="Sign in and send a new link from Settings.">
          <Link href="/settings/account#email">Settings</Link> · <Link href="/auth/signin">Sign in</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
