import Head from "next/head";
import { useRouter } from "next/router";
import { useSession } from "next-auth/react";
import { useEffect, type ReactNode } from "react";
import styles from "./SettingsLayout.module.css";
import { SettingsNav } from "./SettingsNav";
import { OLD_SETTINGS_ANCHORS, settingsPage, type SettingsSlug } from "./sections";

const READ_ONLY_ID = "settings-read-only";

/**
 * One page of Settings: the "Settings" heading, the navigation between its
 * pages, and the page's sections. While an admin views the account as its
 * owner ("view as"), a line says the settings are read-only and a disabled
 * fieldset turns off every control in the sections (for the keyboard and
 * screen readers too): the server refuses such writes anyway, and this shows
 * it before anyone presses Save.
 */
export function SettingsLayout({ current, children }: { current: SettingsSlug; children: ReactNode }) {
  const { data: session } = useSession();
  useOldAnchorRedirect(current);
  const viewedAs = session?.impersonator ? (session.user.name ?? session.user.email ?? "this user") : null;
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>{`${settingsPage(current)?.title ?? "Settings"} · Settings · KeyForge`}</title>
      </Head>
      <h1>Settings</h1>
      <div className={styles.layout}>
        <SettingsNav current={current} />
        <div className={styles.content}>
          {viewedAs === null ? (
            children
          ) : (
            <>
              <p id={READ_ONLY_ID} className={styles.readOnly}>
                You are viewing {viewedAs}&rsquo;s account as an admin: settings are read-only.
              </p>
              <fieldset disabled className={styles.readOnlySections} aria-describedby={READ_ONLY_ID}>
                {children}
              </fieldset>
            </>
          )}
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
