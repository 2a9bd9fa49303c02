import Head from "next/head";
import Link from "next/link";
import { SendNewLinkForm } from "@/components/auth/SendNewLinkForm";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { emailSchema } from "@/lib/users/shared";

type ForgotPasswordProps = {
  initialEmail: string;
};

/**
 * `?email=` (from the sign-in form or a security notice) fills the field when
 * it is an address at all. The session goes to the header, which then renders
 * without JavaScript too.
 */
export const getServerSideProps = withOptionalPageAuth<ForgotPasswordProps>((ctx) => {
  const email = emailSchema.safeParse(ctx.query.email);
  return { initialEmail: email.success ? email.data : "" };
});

export default function ForgotPasswordPage({ initialEmail }: ForgotPasswordProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Forgot password · KeyForge</title>
      </Head>
      <h1>Forgot your password?</h1>
      <SendNewLinkForm
        kind="reset-password"
        initialEmail={initialEmail}
        asPage={{ submitLabel: "Send reset link", hint: "The address you sign in with. We send it a link to choose a new password." }}
      />
      <p className={styles.alternate}>
        Remembered it? <Link href={{ pathname: "/auth/signin", query: initialEmail ? { email: initialEmail } : {} }}>Back to sign in</Link>
      </p>
    </main>
  );
}
