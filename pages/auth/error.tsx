import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import styles from "@/components/ui/Form.module.css";
import { authErrorPageMessage, signInRefusalRedirect, withOptionalPageAuth } from "@/lib/auth";

type AuthErrorProps = {
  message: string;
  /** Signed in (a refused "Connect" from Settings): the way back is Settings, not the sign-in page. */
  signedIn: boolean;
};

const errorPageProps = withOptionalPageAuth<AuthErrorProps>((ctx, session) => ({
  message: authErrorPageMessage(ctx.query),
  signedIn: session !== null,
}));

/**
 * Every sign-in problem in words, with what to do next: NextAuth's codes and
 * ours. A refused password sign-in posted without JavaScript goes back to the
 * sign-in form instead.
 */
export const getServerSideProps: GetServerSideProps<AuthErrorProps> = async (ctx) => {
  const destination = signInRefusalRedirect(ctx);
  return destination ? { redirect: { destination, permanent: false } } : errorPageProps(ctx);
};

export default function AuthErrorPage({ message, signedIn }: AuthErrorProps) {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Sign-in problem · KeyForge</title>
      </Head>
      <h1>Sign-in problem</h1>
      <p role="alert">{message}</p>
      <p className={styles.alternate}>
        {signedIn ? <Link href="/settings/account#connected-accounts">Back to Settings</Link> : <Link href="/auth/signin">Back to sign in</Link>}
      </p>
    </main>
  );
}
