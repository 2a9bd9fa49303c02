import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { ProviderButtons } from "@/components/auth/ProviderButtons";
import { SignUpForm } from "@/components/auth/SignUpForm";
import styles from "@/components/ui/Form.module.css";
import type { OAuthProviderOption } from "@/lib/accounts/shared";
import { callbackForAuthPage, csrfTokenForPage, oauthProviders, signUpFormFeedback } from "@/lib/auth";
import type { FieldErrors } from "@/lib/http/shared";

interface SignUpProps {
  callbackUrl: string;
  csrfToken: string;
  initialError: string | null;
  initialFields: FieldErrors;
  initialEmailTaken: boolean;
  providers: OAuthProviderOption[];
}

/** `session: null` tells the header (through _app) that nobody is signed in, so it renders without JavaScript too. */
export const getServerSideProps: GetServerSideProps<SignUpProps & { session: null }> = async (ctx) => {
  const { callbackUrl, redirect } = await callbackForAuthPage(ctx);
  if (redirect) return { redirect };
  const { formError, fields, emailTaken } = signUpFormFeedback(ctx.query);
  const csrfToken = csrfTokenForPage(ctx.req, ctx.res);
  return {
    props: {
      callbackUrl,
      csrfToken,
      initialError: formError,
      initialFields: fields,
      initialEmailTaken: emailTaken,
      providers: oauthProviders(),
      session: null,
    },
  };
};

export default function SignUpPage({ callbackUrl, csrfToken, initialError, initialFields, initialEmailTaken, providers }: SignUpProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Create your account · KeyForge</title>
      </Head>
      <h1>Create your account</h1>
      <SignUpForm
        callbackUrl={callbackUrl}
        csrfToken={csrfToken}
        initialError={initialError}
        initialFields={initialFields}
        initialEmailTaken={initialEmailTaken}
      />
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} csrfToken={csrfToken} lastUsed={null} />
      <p className={styles.alternate}>
        Already have an account? <Link href={{ pathname: "/auth/signin", query: { callbackUrl } }}>Sign in</Link>
      </p>
    </main>
  );
}
