import type { GetServerSideProps } from "next";
import Head from "next/head";
import Link from "next/link";
import { EmailLinkSignInForm } from "@/components/auth/EmailLinkSignInForm";
import { LinkOutcome } from "@/components/auth/LinkOutcome";
import styles from "@/components/ui/Form.module.css";
import { signInLinkState } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/shared";
import { emailSignInEnabled, siteUrl } from "@/lib/core/env";
import { emailSchema } from "@/lib/users/shared";

type LinkProblem = "expired" | "used" | "malformed";
type EmailLinkProps = { valid: true; action: string; email: string } | { valid: false; problem: LinkProblem };

/** NextAuth's tokens: 32 random bytes, in hex. */
const TOKEN = /^[0-9a-f]{64}$/;

const PROBLEMS: Record<LinkProblem, string> = {
  expired: "This sign-in link has expired: it works for 10 minutes.",
  used: "This sign-in link was already used (it works once), or is not one we sent.",
  malformed: "This sign-in link is not valid: it may have been copied incompletely. Open it again from the email, or copy all of it.",
};

/**
 * Where a sign-in link lands. Opening it changes nothing (not even the
 * token): it says whether the link can still be used, and its button posts
 * the same query to NextAuth's callback.
 */
export const getServerSideProps: GetServerSideProps<EmailLinkProps> = async ({ query, res }) => {
  if (!emailSignInEnabled()) return { notFound: true };
  res.setHeader("Cache-Control", "no-store");
  const email = emailSchema.safeParse(query.email);
  if (typeof query.token !== "string" || !TOKEN.test(query.token) || !email.success) return { props: { valid: false, problem: "malformed" } };
  const state = await signInLinkState(query.token, email.data);
  if (state !== "usable") return { props: { valid: false, problem: state } };
  const params = new URLSearchParams({ callbackUrl: safeCallbackPath(query.callbackUrl, siteUrl("/")), token: query.token, email: email.data });
  return { props: { valid: true, action: `/api/auth/callback/email?${params}`, email: email.data } };
};

export default function EmailLinkPage(props: EmailLinkProps) {
  return (
    <main id="main" className={styles.card}>
      {/* No `no-referrer` here: the browser would then post the button's form with `Origin: null`, which the
          same-origin check refuses; the site's strict-origin-when-cross-origin keeps the token's path from other sites. */}
      <Head>
        <title>Sign in with your link · KeyForge</title>
      </Head>
      <h1>Sign in with your link</h1>
      {props.valid ? (
        <EmailLinkSignInForm action={props.action} email={props.email} />
      ) : (
        <LinkOutcome tone="error" message={`${PROBLEMS[props.problem]} Ask for a new one on the sign-in page.`}>
          <Link href="/auth/signin">Ask for a new link</Link>
        </LinkOutcome>
      )}
    </main>
  );
}
