import Head from "next/head";
import type { GetServerSideProps } from "next";
import type { Session } from "next-auth";
import { UserDetailView } from "@/components/admin/UserDetailView";
import styles from "@/components/admin/Admin.module.css";
import { adminReads } from "@/lib/admin";
import { adminUserIdSchema, type AdminUserDetail } from "@/lib/admin/shared";
import { withPageAuth } from "@/lib/auth";

type AdminUserPageProps = {
  detail: AdminUserDetail;
  /** The admin looking: some actions are not offered on one's own account. */
  viewerId: string;
};

const readUserPage = withPageAuth(
  async (ctx, session) => {
    const parsed = adminUserIdSchema.safeParse({ id: ctx.params?.id });
    const detail = parsed.success ? await adminReads.user(session, parsed.data.id) : null;
    return { detail, viewerId: session.user.id };
  },
  { role: "admin" },
);

/**
 * withPageAuth answers with props only: here a malformed or unknown id
 * becomes Next's 404 (after the role check, so a non-admin learns nothing).
 */
export const getServerSideProps: GetServerSideProps<AdminUserPageProps & { session: Session }> = async (ctx) => {
  const result = await readUserPage(ctx);
  if (!("props" in result)) return result;
  const { detail, ...props } = await result.props;
  return detail ? { props: { ...props, detail } } : { notFound: true };
};

export default function AdminUserPage({ detail, viewerId }: AdminUserPageProps) {
  const who = detail.user.name || detail.user.email || "Unnamed user";
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>{`${who} · Admin · KeyForge`}</title>
      </Head>
      {/* A new user's page starts from its own data, not the last one's state. */}
      <UserDetailView key={detail.user.id} initialDetail={detail} viewerId={viewerId} />
    </main>
  );
}
