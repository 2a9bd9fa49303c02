import Head from "next/head";
import Link from "next/link";
import styles from "@/components/ui/Form.module.css";

/**
 * NextAuth's verify-request page, after a sign-in link was asked for: the same
 * words whether a link was sent or not (no account, a disabled one), so the
 * page tells nobody which addresses have accounts.
 */
export default function EmailSentPage() {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Check your email · KeyForge</title>
      </Head>
      <h1>Check your email</h1>
      <p>If that address can sign in to KeyForge, a sign-in link is on its way to it. Open it within 10 minutes and press Sign in; it works once.</p>
      <p className={styles.hint}>Nothing after a few minutes? Check your spam folder, or ask for a new link.</p>
      <p className={styles.alternate}>
        <Link href="/auth/signin">Back to sign in</Link>
      </p>
    </main>
  );
}
