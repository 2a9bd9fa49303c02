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
import { preloadAccountReads } from "@/lib/account-reads";

/** Every section's data, read on the server in parallel, so the page arrives complete and nothing moves. */
export const getServerSideProps = withPageAuth(async (_ctx, session) => ({
  fallback: await preloadAccountReads(session, [
    "me",
    "email",
    "connectedAccounts",
    "apiKeys",
    "preferences",
    "sessions",
    "notices",
    "activity",
  ]),
}));

/**
 * Settings: each section reads its own data through SWR, starting from what
 * the server rendered; a section whose read failed there loads in the
 * browser and shows its own error, never holding the others back.
 */
export default function SettingsPage() {
  return (
    <main id="main" className={styles.page}>
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
