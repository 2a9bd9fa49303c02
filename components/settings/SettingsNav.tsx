import Link from "next/link";
import { useEffect, useRef } from "react";
import styles from "./SettingsLayout.module.css";
import { SETTINGS_PAGES, type SettingsSlug } from "./sections";

/**
 * The pages of Settings as plain links (they work without JavaScript), the
 * current one marked with aria-current: a sidebar on a wide screen, a strip
 * that scrolls sideways on a phone. Tab moves through them in both.
 */
export function SettingsNav({ current }: { current: SettingsSlug }) {
  const listRef = useRef<HTMLUListElement>(null);

  // On a phone the current page's tab may start beyond the strip's edge: the strip scrolls it into view (the page does not move).
  useEffect(() => {
    const list = listRef.current;
    const link = list?.querySelector('[aria-current="page"]');
    if (!list || !link) return;
    const strip = list.getBoundingClientRect();
    const tab = link.getBoundingClientRect();
    if (tab.left < strip.left || tab.right > strip.right) list.scrollLeft += tab.left - strip.left - (strip.width - tab.width) / 2;
  }, [current]);

  return (
    <nav aria-label="Settings" className={styles.nav}>
      <ul ref={listRef} className={styles.navList}>
        {SETTINGS_PAGES.map(({ slug, title }) => (
          <li key={slug}>
            <Link href={`/settings/${slug}`} aria-current={slug === current ? "page" : undefined} className={styles.navLink}>
              {title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
