import Link from "next/link";
import { useRouter } from "next/router";
import { useSession } from "next-auth/react";
import { useEffect } from "react";
import { useEmailStatus } from "@/lib/client";
import styles from "./VerifyEmailBanner.module.css";

/**
 * The banner, checked against the address's state now: the session says what
 * it was at its last revalidation, so an address confirmed since (by the link,
 * on another device) hides the banner and refreshes the session at once.
 */
export function UnverifiedBanner({ hasEmail }: { hasEmail: boolean }) {
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
