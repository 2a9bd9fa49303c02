import Link from "next/link";
import { useRouter } from "next/router";
import { useSession } from "next-auth/react";
import { useEffect } from "react";
import { useEmailStatus } from "@/lib/client";
import styles from "./VerifyEmailBanner.module.css";

/** The pages where asking again would be in the way: the code step itself, and the email links' pages. */
const QUIET_PAGES = new Set(["/auth/check-email", "/auth/verify-email", "/auth/confirm-email"]);

/**
 * On every signed-in page while the account's address is not confirmed:
 * what it is needed for, and the way to the code (which can be resent there);
 * an account without any address is asked to add one. From the session the
 * page came with, so it renders with the page; gone once the code refreshed
 * the session. Not shown while an admin views the product as someone.
 */
export function VerifyEmailBanner() {
  const { data: session } = useSession();
  const { pathname } = useRouter();
  if (!session || session.impersonator || session.user.emailVerified !== false || QUIET_PAGES.has(pathname)) return null;
  return <UnverifiedBanner hasEmail={Boolean(session.user.email)} />;
}

/**
 * The banner, checked against the address's state now: the session says what
 * it was at its last revalidation, so an address confirmed since (by the link,
 * on another device) hides the banner and refreshes the session at once.
 */
function UnverifiedBanner({ hasEmail }: { hasEmail: boolean }) {
  const { update } = useSession();
  const { asPath } = useRouter();
  const { emailStatus } = useEmailStatus();
  const confirmedSince = Boolean(emailStatus?.emailVerified);
  useEffect(() => {
    if (confirmedSince) void update();
  }, [confirmedSince, update]);
  if (confirmedSince) return null;
  return (
    <aside className={styles.banner} aria-label="Email verification">
      <p className={styles.text}>
        {hasEmail ? "Verify your email to store API keys and generate code." : "Add an email address to store API keys and generate code."}
      </p>
      {hasEmail ? (
        <Link className={styles.action} href={{ pathname: "/auth/check-email", query: { callbackUrl: asPath } }}>
          Enter the code
        </Link>
      ) : (
        <Link className={styles.action} href="/settings/account#email">
          Add an email address
        </Link>
      )}
    </aside>
  );
}
