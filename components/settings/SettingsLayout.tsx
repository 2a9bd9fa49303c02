import Head from "next/head";
import { useRouter } from "next/router";
import { useEffect, type ReactNode } from "react";
import { ReadOnlyWhileViewing } from "@/components/ui/ReadOnlyWhileViewing";
import styles from "./SettingsLayout.module.css";
import { SettingsNav } from "./SettingsNav";
import { OLD_SETTINGS_ANCHORS, settingsPage, type SettingsSlug } from "./sections";

/**
 * One page of Settings: the "Settings" heading, the navigation between its
 * pages, and the page's sections, read-only while an admin views the
 * account as its owner (the server refuses such writes anyway; this shows it
 * before anyone presses Save).
 */
export function SettingsLayout({ current, children }: { current: SettingsSlug; children: ReactNode }) {
  useOldAnchorRedirect(current);
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>{`${settingsPage(current)?.title ?? "Settings"} · Settings · KeyForge`}</title>
      </Head>
      <h1>Settings</h1>
      <div className={styles.layout}>
        <SettingsNav current={current} />
        <div className={styles.content}>
          <ReadOnlyWhileViewing why="Settings can only be changed by the account owner." fieldsetClassName={styles.readOnlySections}>
            {children}
          </ReadOnlyWhileViewing>
        </div>
      </div>
    </main>
  );
}

/**
 * Links into the single Settings page that came before (`/settings#api-keys`,
 * in old mails and bookmarks) arrive here with their fragment, which never
 * reaches the server: this moves them on to the page that section is on now.
 */
function useOldAnchorRedirect(current: SettingsSlug): void {
  const router = useRouter();
  useEffect(() => {
    const anchor = window.location.hash.slice(1);
    const target = Object.hasOwn(OLD_SETTINGS_ANCHORS, anchor) ? OLD_SETTINGS_ANCHORS[anchor] : undefined;
    if (target && target !== current) void router.replace(`/settings/${target}#${anchor}`);
  }, [current, router]);
}
