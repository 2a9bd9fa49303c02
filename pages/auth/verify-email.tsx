import Head from "next/head";
import Link from "next/link";
import { LinkOutcome } from "@/components/auth/LinkOutcome";
import styles from "@/components/ui/Form.module.css";
import { withOptionalPageAuth } from "@/lib/auth";
import { verifyEmail } from "@/lib/email-flows";
import { HttpError, requestContextOf } from "@/lib/http";

type VerifyEmailProps = {
  /** Signed in: the way on is Settings, not the sign-in page. */
  signedIn: boolean;
} & ({ verified: true; email: string } | { verified: false; message: string; code: string });

/**
 * Opening the link confirms the address: the mail was sent there, and its
 * only effect is marking the address verified, so no button is needed. A
 * link that cannot be used says why and what to do next; anything else is a
 * real error (500).
 */
export const getServerSideProps = withOptionalPageAuth<VerifyEmailProps>(async (ctx, session) => {
  const signedIn = session !== null;
  try {
    const { email } = await verifyEmail(ctx.query.token, requestContextOf(ctx.req));
    return { signedIn, verified: true, email };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { signedIn, verified: false, message: error.message, code: error.code };
  }
});

export default function VerifyEmailPage(props: VerifyEmailProps) {
  const heading = props.verified ? "Email confirmed" : "Email not confirmed";
  return (
    <main id="main" className={styles.card}>
      <Head>
        <title>{`${heading} · KeyForge`}</title>
      </Head>
      <h1>{heading}</h1>
      {props.verified ? (
        <LinkOutcome tone="success" message={`Your email ${props.email} is confirmed.`}>
          {props.signedIn ? (
            <Link href="/settings#email">Go to Settings</Link>
          ) : (
            <Link href={{ pathname: "/auth/signin", query: { email: props.email } }}>Sign in</Link>
          )}
        </LinkOutcome>
      ) : (
        <>
          <LinkOutcome tone="error" message={props.message}>
            <Link href="/settings#email">Settings</Link> · <Link href="/auth/signin">Sign in</Link>
          </LinkOutcome>
          <p className={styles.hint}>
            Error code: <code>{props.code}</code>
          </p>
        </>
      )}
    </main>
  );
}
