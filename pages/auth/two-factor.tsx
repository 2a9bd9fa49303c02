import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { PasskeySecondStep } from "@/components/auth/PasskeySecondStep";
import { SecondStepForm, type SecondStepMethod } from "@/components/auth/SecondStepForm";
import styles from "@/components/ui/Form.module.css";
import { callbackForAuthPage, csrfTokenForPage } from "@/lib/auth";
import { signInErrorMessage } from "@/lib/auth/shared";

interface TwoFactorProps {
  method: SecondStepMethod;
  callbackUrl: string;
  csrfToken: string;
  initialError: string | null;
}

/**
 * The second step of a sign-in. The page cannot see the pending sign-in (its
 * ticket cookie is sent to /api/auth only), so it always renders the form;
 * NextAuth's `two-factor` callback decides. `?method=recovery` asks for a
 * recovery code instead, with or without JavaScript.
 */
export const getServerSideProps: GetServerSideProps<TwoFactorProps & { session: null }> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  if (redirect) return { redirect };
  const code = typeof ctx.query.error === "string" ? ctx.query.error : null;
  return {
    props: {
      method: ctx.query.method === "recovery" ? "recovery" : "totp",
      callbackUrl,
      csrfToken: csrfTokenForPage(ctx.req, ctx.res),
      initialError: code === null ? null : signInErrorMessage(code),
      session: null,
    },
  };
};

export default function TwoFactorPage({ method, callbackUrl, csrfToken, initialError }: TwoFactorProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Two-step verification · KeyForge</title>
      </Head>
      <h1>Two-step verification</h1>
      <p>
        {method === "totp"
          ? "To finish signing in, enter the code your authenticator app shows for KeyForge."
          : "Enter one of your recovery codes to finish signing in."}
      </p>
      <SecondStepForm key={method} method={method} callbackUrl={callbackUrl} csrfToken={csrfToken} initialError={initialError} />
      <PasskeySecondStep callbackUrl={callbackUrl} />
      <p className={styles.alternate}>
        Not you, or stuck? <Link href={{ pathname: "/auth/signin", query: { callbackUrl } }}>Start over</Link>
      </p>
    </main>
  );
}
