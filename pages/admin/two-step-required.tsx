import Link from "next/link";
import type { GetServerSideProps } from "next";
import type { Session } from "next-auth";
import { StatusPage } from "@/components/layout/StatusPage";
import { adminNeedsSecondFactor, withPageAuth } from "@/lib/auth";

const readPage = withPageAuth(async (_ctx, session) => ({
  isAdmin: session.user.role === "admin",
  required: await adminNeedsSecondFactor(session),
}));

/**
 * Where every admin page sends an admin without a second factor while
 * REQUIRE_ADMIN_TWO_FACTOR asks for one (lib/auth/guards.ts). Answered with
 * 403, like /unauthorized; a non-admin goes there, and an admin who has set
 * one up goes on to the console.
 */
export const getServerSideProps: GetServerSideProps<{ session: Session }> = async (ctx) => {
  const result = await readPage(ctx);
  if (!("props" in result)) return result;
  const { isAdmin, required, session } = await result.props;
  if (!isAdmin) return { redirect: { destination: "/unauthorized", permanent: false } };
  if (!required) return { redirect: { destination: "/admin", permanent: false } };
  ctx.res.statusCode = 403;
  return { props: { session } };
};

export default function AdminTwoStepRequiredPage() {
  return (
    <StatusPage status={403} title="Set up two-step verification to use the admin console">
      <p>
        The admin console can change anyone&apos;s account, so it needs more than a password: add an authenticator app or a passkey
        to your account first.
      </p>
      <p>
        <Link href="/settings/security">Set one up in Settings → Security</Link>, then come back to the admin console.
      </p>
    </StatusPage>
  );
}
