import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { SendNewLinkForm } from "@/components/auth/SendNewLinkForm";
import { VerifyEmailForm } from "@/components/auth/VerifyEmailForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkVerificationLink, emailLinkPageProblem } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type VerifyEmailProps = {
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
  signedInEmail: string | null;
} & ({ valid: true; token: string; email: string } | { valid: false; problem: EmailTokenProblem; email: string | null });

/** Only checks the link (opening the page changes nothing): the address is confirmed when the form is sent, with the account's password. */
export const getServerSideProps = withOptionalPageAuth<VerifyEmailProps>(async (ctx, session) => {
  const signedIn = { signedIn: session !== null, signedInEmail: session?.user.email ?? null };
  const { token } = ctx.query;
  const link = await checkVerificationLink(token);
  if (link.ok && typeof token === "string") return { ...signedIn, valid: true, token, email: link.token.email };
  const problem = link.ok ? { problem: "invalid" as const, email: null } : await emailLinkPageProblem(token, "verify-email", link);
  return { ...signedIn, valid: false, ...problem };
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
        <EmailLinkProblem
          problem={props.problem}
          email={props.email}
          nextStep="Send a new one:"
          form={<SendNewLinkForm kind="verify-email" initialEmail={props.email ?? props.signedInEmail} />}
        >
          {props.signedIn ? <Link href="/settings/account">Back to Settings</Link> : <Link href="/auth/signin">Back to sign in</Link>}
        </EmailLinkProblem>
      )}
    </main>
  );
}
