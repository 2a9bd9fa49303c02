import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import styles from "@/components/ui/Form.module.css";
import { signInRefusalRedirect } from "@/lib/auth";
import { signInRefusalMessages } from "@/lib/auth/shared";

/** NextAuth's own error codes in plain words, each with what to do next; then our sign-in refusals. */
const messages: Record<string, string> = {
  Configuration: "Sign-in is misconfigured on our side. Please try again later.",
  AccessDenied: "You do not have permission to sign in.",
  Verification: "This sign-in link is no longer valid. It may have been used already or have expired.",
  OAuthSignin: "We could not start signing you in with that provider. Please try again.",
  OAuthCallback: "The provider's answer could not be verified. Please try again.",
  OAuthCreateAccount: "We could not create your account with that provider. Try another way to sign up.",
  EmailCreateAccount: "We could not create your account with that email. Please try again.",
  Callback: "Something went wrong while signing you in. Please try again.",
  OAuthAccountNotLinked:
    "An account with this email already exists. Sign in the way you first did, then link this provider in Settings.",
  EmailSignin: "We could not send the sign-in email. Please try again.",
  SessionRequired: "Please sign in to see that page.",
  ...signInRefusalMessages,
};

/** A refused password sign-in posted without JavaScript lands here: send it back to the sign-in form. */
export const getServerSideProps: GetServerSideProps = async (ctx) => {
  const destination = signInRefusalRedirect(ctx);
  return destination ? { redirect: { destination, permanent: false } } : { props: {} };
};

const fallback = "Something went wrong while signing you in. Please try again.";

export default function AuthErrorPage() {
  const { query } = useRouter();
  const code = typeof query.error === "string" ? query.error : "";
  const message = (Object.hasOwn(messages, code) ? messages[code] : undefined) ?? fallback;
  return (
    <main className={styles.card}>
      <Head>
        <title>Sign-in problem · KeyForge</title>
      </Head>
      <h1>Sign-in problem</h1>
      <p role="alert">{message}</p>
      <p className={styles.alternate}>
        <Link href="/auth/signin">Back to sign in</Link>
      </p>
    </main>
  );
}
