import Head from "next/head";
import { ApiKeysSection } from "@/components/settings/ApiKeysSection";
import { ConnectedAccountsSection } from "@/components/settings/ConnectedAccountsSection";
import { EmailSection } from "@/components/settings/EmailSection";
import { HistorySection } from "@/components/settings/HistorySection";
import { NoticesSection } from "@/components/settings/NoticesSection";
import { PasswordSection } from "@/components/settings/PasswordSection";
import { ProfileSection } from "@/components/settings/ProfileSection";
import { SecurityActivitySection } from "@/components/settings/SecurityActivitySection";
import { SessionsSection } from "@/components/settings/SessionsSection";
import styles from "@/components/settings/Settings.module.css";
import { withPageAuth } from "@/lib/auth";

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
      <EmailSection />
      <PasswordSection />
      <ConnectedAccountsSection />
      <ApiKeysSection />
      <HistorySection />
      <SessionsSection />
      <NoticesSection />
      <SecurityActivitySection />
    </main>
  );
}
