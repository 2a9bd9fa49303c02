import Link from "next/link";
import { useRouter } from "next/router";
import { signOut, useSession } from "next-auth/react";
import { Avatar } from "@/components/ui/Avatar";
import styles from "./Header.module.css";
import { forgetLastPrompts } from "@/lib/client";

/** A link that says so (aria-current) when it is the page being shown. */
function NavLink({ href, label, current }: { href: string; label: string; current: string }) {
  return (
    <Link href={href} aria-current={current === href ? "page" : undefined} className={styles.navLink}>
      {label}
    </Link>
  );
}

/** Site header: sign-in links when signed out; Generate, Settings, who you are and Sign out when signed in. */
export function Header() {
  const { data: session, status } = useSession();
  const { pathname } = useRouter();
  const user = session?.user;
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        KeyForge
      </Link>
      <nav aria-label="Account" className={styles.nav}>
        {status === "loading" && !user && <span className={styles.muted}>Loading…</span>}
        {status === "unauthenticated" && (
          <>
            <Link href="/auth/signin">Sign in</Link>
            <Link href="/auth/signup" className={styles.primary}>
              Sign up
            </Link>
          </>
        )}
        {user && (
          <>
            <NavLink href="/generate" label="Generate" current={pathname} />
            <NavLink href="/settings" label="Settings" current={pathname} />
            <span className={styles.identity} data-testid="header-user">
              <Avatar name={user.name} email={user.email} image={user.image} />
              <span className={styles.who}>
                <span className={styles.name}>{user.name ?? user.email}</span>
                <span className={styles.email}>{user.email}</span>
              </span>
            </span>
            <button
              type="button"
              className={styles.signOut}
              onClick={() => {
                forgetLastPrompts();
                void signOut({ callbackUrl: "/" });
              }}
            >
              Sign out
            </button>
          </>
        )}
      </nav>
    </header>
  );
}
