import Head from "next/head";
import { ApiKeysSection } from "@/components/ApiKeysSection";
import { PasswordSection } from "@/components/PasswordSection";
import { ProfileSection } from "@/components/ProfileSection";
import { SessionsSection } from "@/components/SessionsSection";
import styles from "@/components/Settings.module.css";
import { withPageAuth } from "@/lib/auth/session";

export const getServerSideProps = withPageAuth(() => ({}));

/**
 * Settings: each section loads its own data through SWR, so a slow or failing
 * one (say, the vault) never holds the others back.
 */
export default function SettingsPage() {
  return (
    <main className={styles.page}>
      <Head>
        <title>Settings · KeyForge</title>
      </Head>
      <h1>Settings</h1>
      <ProfileSection />
      <PasswordSection />
      <ApiKeysSection />
      <SessionsSection />
    </main>
  );
}
