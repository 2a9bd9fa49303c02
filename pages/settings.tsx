import Head from "next/head";
import styles from "@/components/Form.module.css";
import { withPageAuth } from "@/lib/auth/session";

export const getServerSideProps = withPageAuth(() => ({}));

/** Settings: profile, password, API keys and sessions arrive with the settings work. */
export default function SettingsPage() {
  return (
    <main className={styles.card}>
      <Head>
        <title>Settings · KeyForge</title>
      </Head>
      <h1>Settings</h1>
      <p>Your profile, password, API keys and active sessions will be managed here.</p>
    </main>
  );
}
