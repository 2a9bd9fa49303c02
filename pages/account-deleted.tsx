import Head from "next/head";
import Link from "next/link";
import styles from "@/components/ui/Form.module.css";

/** Where the browser lands after "Delete account": the session is already gone. */
export default function AccountDeletedPage() {
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>Account deleted · KeyForge</title>
      </Head>
      <h1>Your account was deleted</h1>
      <p>You are signed out on every device, and we sent a confirmation to your address.</p>
      <p>
        Your address is free again: you can <Link href="/auth/signup">sign up</Link> with it any time, as a new account.
      </p>
    </main>
  );
}
