import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { RevertEmailChangeForm } from "@/components/auth/RevertEmailChangeForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkRevertLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type RevertEmailChangeProps = {
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
} & ({ valid: true; token: string; email: string; newEmail: string | null } | { valid: false; problem: EmailTokenProblem });

/** Only checks the link (opening the page changes nothing): nothing changes until the button is pressed. */
export const getServerSideProps = withOptionalPageAuth<RevertEmailChangeProps>(async (ctx, session) => {
  const signedIn = session !== null;
  const { token } = ctx.query;
  const link = await checkRevertLink(token);
  if (link.ok && typeof token === "string") {
    return { signedIn, valid: true, token, email: link.token.email, newEmail: link.token.newEmail ?? null };
  }
  return { signedIn, valid: false, problem: link.ok ? "invalid" : link.problem };
});

export default function RevertEmailChangePage(props: RevertEmailChangeProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Secure your account · KeyForge</title>
      </Head>
      <h1>Secure your account</h1>
      {props.valid ? (
        <RevertEmailChangeForm token={props.token} email={props.email} newEmail={props.newEmail} signedIn={props.signedIn} />
      ) : (
        <EmailLinkProblem
          problem={props.problem}
          nextStep={props.signedIn ? "Check your email and your devices in Settings." : "Sign in, or reset your password, and check your email in Settings."}
        >
          {props.signedIn ? <Link href="/settings/account">Back to Settings</Link> : <Link href="/auth/signin">Sign in</Link>} ·{" "}
          <Link href="/auth/forgot-password">Reset your password</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
