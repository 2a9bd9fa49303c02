import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { ResetPasswordForm } from "@/components/auth/ResetPasswordForm";
import { SendNewLinkForm } from "@/components/auth/SendNewLinkForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkResetLink, emailLinkPageProblem } from "@/lib/email-flows";
import { lifetimeInWords, type EmailTokenProblem } from "@/lib/email-tokens/shared";

/**
 * The account the link is for, by its full address: whoever opened the link
 * got it in that mailbox (and a leaked link would open the account anyway),
 * so masking it would hide nothing from them and only leave them guessing.
 */
type ResetPasswordProps = {
  signedIn: boolean;
  signedInEmail: string | null;
} & ({ valid: true; token: string; email: string } | { valid: false; problem: EmailTokenProblem; email: string | null });

/** Checks the link without using it up (a read only: opening the page changes nothing); the new password uses it. */
export const getServerSideProps = withOptionalPageAuth<ResetPasswordProps>(async (ctx, session) => {
  const signedIn = { signedIn: session !== null, signedInEmail: session?.user.email ?? null };
  const { token } = ctx.query;
  const link = await checkResetLink(token);
  if (link.ok && typeof token === "string") return { ...signedIn, valid: true, token, email: link.token.email };
  const problem = link.ok ? { problem: "invalid" as const, email: null } : await emailLinkPageProblem(token, "reset-password", link);
  return { ...signedIn, valid: false, ...problem };
});

export default function ResetPasswordPage(props: ResetPasswordProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Choose a new password · KeyForge</title>
      </Head>
      <h1>Choose a new password</h1>
      {props.valid ? (
        <ResetPasswordForm token={props.token} email={props.email} signedIn={props.signedIn} signedInEmail={props.signedInEmail} />
      ) : (
        <EmailLinkProblem
          problem={props.problem}
          email={props.email}
          nextStep={`Send a new one: it works for ${lifetimeInWords("reset-password")}.`}
          form={<SendNewLinkForm kind="reset-password" initialEmail={props.email ?? props.signedInEmail} />}
        >
          {props.signedIn ? <Link href="/settings/account">Back to Settings</Link> : <Link href="/auth/signin">Back to sign in</Link>}
        </EmailLinkProblem>
      )}
    </main>
  );
}
