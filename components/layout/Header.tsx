import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/router";
import { signOut, useSession } from "next-auth/react";
import { useRef, useState, type KeyboardEvent } from "react";
import { ThemeSwitch } from "./ThemeSwitch";
import { Avatar } from "@/components/ui/Avatar";
import styles from "./Header.module.css";
import { forgetLastPrompts } from "@/lib/client";
import type { Theme } from "@/lib/theme/shared";

/**
 * The "view as" strip, loaded only while it shows: rendered on the server when
 * the session is an admin's view-as, its chunk then comes with the page; every
 * other page (the landing page first) does without its code and the API client's.
 */
const ImpersonationBanner = dynamic(() => import("./ImpersonationBanner").then((module) => module.ImpersonationBanner));

/** The id every page gives its <main id="main">, where "Skip to content" lands. */
const MAIN_ID = "main";

/** A link that says so (aria-current) when it is the page being shown, or, given a `section`, any page under that path. */
function NavLink({ href, label, current, section }: { href: string; label: string; current: string; section?: string }) {
  const here = section ? current.startsWith(`${section}/`) : current === href;
  return (
    <Link href={href} aria-current={here ? "page" : undefined} className={styles.navLink}>
      {label}
    </Link>
  );
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
      {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </svg>
  );
}

/** While an admin views as someone: whose account is shown, and the admin, whose own session Sign out ends too. */
interface ViewAsSignOut {
  viewed: string;
  admin: string;
}

/**
 * Header's Sign out: shows progress, and a second press does nothing while
 * the first is under way. While viewing as someone, a line under it says what
 * it ends: the view and the admin's own session in this browser (Stop viewing
 * keeps the latter).
 */
function SignOutButton({ viewAs }: { viewAs: ViewAsSignOut | null }) {
  const [pending, setPending] = useState(false);
  const button = (
    <button
      type="button"
      className={styles.signOut}
      disabled={pending}
      aria-busy={pending}
      aria-describedby={viewAs ? "sign-out-note" : undefined}
      onClick={() => {
        setPending(true);
        forgetLastPrompts();
        void signOut({ callbackUrl: "/" }).catch(() => setPending(false));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
  if (!viewAs) return button;
  return (
    <span className={styles.signOutGroup}>
      {button}
      <span id="sign-out-note" className={styles.signOutNote}>
        Ends your view of {viewAs.viewed}&apos;s account and signs you ({viewAs.admin}) out of this browser
      </span>
    </span>
  );
}

/**
 * Site header. Signed out: Sign in and Sign up; signed in: Generate, Admin
 * (for admins), Settings, who you are and Sign out; always the theme switch.
 * Above it, while an admin views the product as someone else, the banner that
 * says so. The session comes from the server with the page (see _app.tsx), so
 * it renders in its final form; on the few pages rendered without it (404,
 * 500) the account part stays empty until it is known, never "Loading…".
 * Below 48rem the items fold into a Menu button (before JavaScript runs, they
 * simply wrap under the brand).
 */
export function Header({ theme }: { theme: Theme }) {
  const { data: session, status } = useSession();
  const { pathname, asPath } = useRouter();
  /** The page the menu was opened on: navigating elsewhere closes it. */
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === asPath;
  const setOpen = (value: boolean) => setOpenOn(value ? asPath : null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const user = session?.user;
  const impersonator = session?.impersonator;
  const viewAs = user && impersonator ? { viewed: user.name || user.email || "this user", admin: impersonator.name || impersonator.email || "the admin" } : null;

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    menuButtonRef.current?.focus();
  }

  return (
    <>
      <a href={`#${MAIN_ID}`} className={styles.skipLink}>
        Skip to content
      </a>
      {session?.impersonator && <ImpersonationBanner />}
      <header className={styles.header} onKeyDown={closeOnEscape}>
        <Link href="/" className={styles.brand}>
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true" className={styles.logo}>
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <g className={styles.logoKey} fill="none" strokeWidth="3" strokeLinecap="round">
              <circle cx="12" cy="16" r="5" />
              <path d="M17 16h10M23 16v4M27 16v3" />
            </g>
          </svg>
          KeyForge
        </Link>
        <button
          ref={menuButtonRef}
          type="button"
          className={styles.menuButton}
          aria-expanded={open}
          aria-controls="site-menu"
          onClick={() => setOpen(!open)}
        >
          <MenuIcon open={open} />
          Menu
        </button>
        <div id="site-menu" className={styles.items} data-open={open || undefined}>
          {user && (
            <nav aria-label="Main" className={styles.nav}>
              <NavLink href="/generate" label="Generate" current={pathname} />
              {user.role === "admin" && <NavLink href="/admin" label="Admin" current={pathname} />}
              <NavLink href="/settings/profile" label="Settings" current={pathname} section="/settings" />
            </nav>
          )}
          <ThemeSwitch initialTheme={theme} />
          {status === "unauthenticated" && (
            <nav aria-label="Account" className={styles.account}>
              <Link href="/auth/signin" className={styles.signIn}>
                Sign in
              </Link>
              <Link href="/auth/signup" className={styles.primary}>
                Sign up
              </Link>
            </nav>
          )}
          {user && (
            <div className={styles.account}>
              <span className={styles.identity} data-testid="header-user">
                <Avatar name={user.name} email={user.email} image={user.image} />
                <span className={styles.who}>
                  <span className={styles.name}>{user.name ?? user.email}</span>
                  {user.name && <span className={styles.email}>{user.email}</span>}
                </span>
              </span>
              <SignOutButton viewAs={viewAs} />
            </div>
          )}
        </div>
      </header>
    </>
  );
}
