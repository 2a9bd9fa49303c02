import Head from "next/head";
import Link from "next/link";
import { EmailLinkProblem } from "@/components/auth/EmailLinkProblem";
import { ResetPasswordForm } from "@/components/auth/ResetPasswordForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { checkResetLink } from "@/lib/email-flows";
import type { EmailTokenProblem } from "@/lib/email-tokens/shared";

/** Only whether the link works, and its token when it does: nothing about the account it is for. */
type ResetPasswordProps = { valid: true; problem: null; token: string } | { valid: false; problem: EmailTokenProblem; token: null };

/** Checks the link without using it up: it is used when the new password is sent. */
export const getServerSideProps = withOptionalPageAuth<ResetPasswordProps>(async (ctx) => {
  const { token } = ctx.query;
  const link = await checkResetLink(token);
  if (link.ok && typeof token === "string") return { valid: true, problem: null, token };
  return { valid: false, problem: link.ok ? "invalid" : link.problem, token: null };
});

export default function ResetPasswordPage(props: ResetPasswordProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Choose a new password · KeyForge</title>
      </Head>
      <h1>Choose a new password</h1>
      {props.valid ? (
        <ResetPasswordForm token={props.token} />
      ) : (
        <EmailLinkProblem problem={props.problem} nextStep="Ask for a new link on the Forgot password page.">
          <Link href="/auth/forgot-password">Ask for a new link</Link>
        </EmailLinkProblem>
      )}
    </main>
  );
}
