import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { RevertEmailChangeForm } from "@/components/auth/RevertEmailChangeForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkRevertLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

type RevertEmailChangeProps =
  | { valid: true; token: string; email: string; newEmail: string | null }
  | { valid: false; problem: EmailTokenProblem };

/** Only checks the link: nothing changes until the button is pressed. */
export const getServerSideProps = withOptionalPageAuth<RevertEmailChangeProps>(async (ctx) => {
  const { token } = ctx.query;
  const link = await checkRevertLink(token);
  if (link.ok && typeof token === "string") {
    return { valid: true, token, email: link.token.email, newEmail: link.token.newEmail ?? null };
  }
  return { valid: false, problem: link.ok ? "invalid" : link.problem };
});

export default function RevertEmailChangePage(props: RevertEmailChangeProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Secure your account · KeyForge</title>
      </Head>
      <h1>Secure your account</h1>
      {props.valid ? (
        <RevertEmailChangeForm token={props.token} email={props.email} newEmail={props.newEmail} />
      ) : (
        <EmailLinkProblem problem={props.problem} nextStep="Sign in, or reset your password, and check your email in Settings.">
          <Link href="/auth/signin">Sign in</Link> · <Link href="/auth/forgot-password">Reset your password</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
