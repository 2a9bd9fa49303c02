import Head from "next/head";
import Link from "next/link";
import { CheckEmailStep } from "@/components/auth/CheckEmailStep";
import styles from "@/components/ui/Form.module.css";
import { withPageAuth } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/shared";
import { forSession } from "@/lib/access";
import { accountReads } from "@/lib/account-reads";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";

/** The account's address and whether it still needs confirming, read now (not from the session token). */
export const getServerSideProps = withPageAuth(async (ctx, session) => {
  const status = await accountReads.email({ session, data: forSession(session) });
  return {
    fallback: { [ACCOUNT_READ_URLS.email]: status },
    callbackUrl: safeCallbackPath(ctx.query.callbackUrl),
    email: status.email,
    verified: status.emailVerified !== null,
    hasPassword: status.hasPassword,
  };
});

interface CheckEmailProps {
  callbackUrl: string;
  email: string | null;
  verified: boolean;
  hasPassword: boolean;
}

/** "Check your email": after sign-up, and from the banner, while the account's address is not confirmed. */
export default function CheckEmailPage({ callbackUrl, email, verified, hasPassword }: CheckEmailProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Check your email · KeyForge</title>
      </Head>
      <h1>Check your email</h1>
      {verified || !email ? (
        <p>
          {verified ? `Your email ${email} is already confirmed.` : "Your account has no email address yet: add one in Settings."}{" "}
          <Link href={verified ? callbackUrl : "/settings/account#email"}>Continue</Link>
        </p>
      ) : (
        <CheckEmailStep email={email} hasPassword={hasPassword} callbackUrl={callbackUrl} />
      )}
    </main>
  );
}
