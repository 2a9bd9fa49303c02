import dynamic from "next/dynamic";
import { useRouter } from "next/router";
import { useSession } from "next-auth/react";

/**
 * Loaded only when shown (next/dynamic; the server still renders it with the
 * page): it reads the account's email through the API client, which would
 * otherwise put its code and zod on every page, the landing page first.
 */
const UnverifiedBanner = dynamic(() => import("./UnverifiedBanner").then((module) => module.UnverifiedBanner));

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
