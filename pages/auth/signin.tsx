import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { EmailLinkRequestForm } from "@/components/auth/EmailLinkRequestForm";
import { PasskeySignInButton } from "@/components/auth/PasskeySignInButton";
import { ProviderButtons } from "@/components/auth/ProviderButtons";
import { SignInForm } from "@/components/auth/SignInForm";
import styles from "@/components/ui/Form.module.css";
import type { OAuthProviderOption, SignInMethod } from "@/lib/accounts/shared";
import { callbackForAuthPage, csrfTokenForPage, lastSignInMethodOf, oauthProviders } from "@/lib/auth";
import { signInErrorMessage, signInRefusalMessages } from "@/lib/auth/shared";
import { emailSignInEnabled } from "@/lib/core/env";
import { emailSchema } from "@/lib/users/shared";

interface SignInProps {
  callbackUrl: string;
  providers: OAuthProviderOption[];
  lastUsed: SignInMethod | null;
  initialError: string | null;
  /** The refusal's code when it is one of ours (looked up as an own property: `?error=__proto__` is none). */
  initialErrorCode: string | null;
  initialEmail: string;
  csrfToken: string;
  accountCreated: boolean;
  /** Sign-in links are on (EMAIL_SIGNIN). */
  emailLinks: boolean;
}

/** `session: null` tells the header (through _app) that nobody is signed in, so it renders without JavaScript too. */
export const getServerSideProps: GetServerSideProps<SignInProps & { session: null }> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  if (redirect) return { redirect };
  const code = typeof ctx.query.error === "string" ? ctx.query.error : null;
  // `?email=` (from a password reset or a mail) fills the field when it is an address at all.
  const email = emailSchema.safeParse(ctx.query.email);
  return {
    props: {
      callbackUrl,
      providers: oauthProviders(),
      lastUsed: lastSignInMethodOf(ctx.req.cookies),
      initialError: code === null ? null : signInErrorMessage(code),
      initialErrorCode: code !== null && Object.hasOwn(signInRefusalMessages, code) ? code : null,
      initialEmail: email.success ? email.data : "",
      csrfToken: csrfTokenForPage(ctx.req, ctx.res),
      accountCreated: ctx.query.created === "1",
      emailLinks: emailSignInEnabled(),
      session: null,
    },
  };
};

export default function SignInPage(props: SignInProps) {
  const { callbackUrl, providers, lastUsed, initialError, initialErrorCode, initialEmail, csrfToken, accountCreated, emailLinks } = props;
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Sign in · KeyForge</title>
      </Head>
      <h1>Sign in</h1>
      <SignInForm
        callbackUrl={callbackUrl}
        passwordLastUsed={lastUsed === "password" && providers.length > 0}
        initialError={initialError}
        initialErrorCode={initialErrorCode}
        initialEmail={initialEmail}
        csrfToken={csrfToken}
        accountCreated={accountCreated}
      />
      <PasskeySignInButton callbackUrl={callbackUrl} label="Sign in with a passkey" autofill divider lastUsed={lastUsed === "passkey"} />
      {emailLinks && (
        <>
          <p className={styles.divider}>or</p>
          <EmailLinkRequestForm callbackUrl={callbackUrl} csrfToken={csrfToken} lastUsed={lastUsed === "email"} />
        </>
      )}
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} csrfToken={csrfToken} lastUsed={lastUsed} />
      <p className={styles.alternate}>
        New here? <Link href={{ pathname: "/auth/signup", query: { callbackUrl } }}>Create an account</Link>
      </p>
    </main>
  );
}
