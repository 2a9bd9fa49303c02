import Head from "next/head";
import Link from "next/link";
import type { GetServerSidePropsContext } from "next";
import { UserList } from "@/components/admin/UserList";
import { UserSearchForm } from "@/components/admin/UserSearchForm";
import styles from "@/components/admin/Admin.module.css";
import { adminReads } from "@/lib/admin";
import { adminUsersQuerySchema, type AdminUsersQuery, type AdminUsersResponse } from "@/lib/admin/shared";
import { withPageAuth } from "@/lib/auth";
import { fieldErrorsFrom, type FieldErrors } from "@/lib/http/shared";

type AdminUsersPageProps = {
  list: AdminUsersResponse;
  /** The search, filters and order as applied (normalized), for the form and the page links. */
  query: AdminUsersQuery;
  /** What was wrong with the address's query, by field (those fell back to their defaults). */
  problems: FieldErrors;
};

/** `query` without its absent choices: page props are JSON, which has no `undefined`. */
function withoutAbsent({ role, status, verified, method, order, ...always }: AdminUsersQuery): AdminUsersQuery {
  return { ...always, ...(role && { role }), ...(status && { status }), ...(verified && { verified }), ...(method && { method }), ...(order && { order }) };
}

/**
 * The address's search, filters, order, page and page size. A part that does
 * not parse falls back to its default, and its message is shown, rather than failing the page.
 */
function parseListQuery(raw: GetServerSidePropsContext["query"]): { query: AdminUsersQuery; problems: FieldErrors } {
  const result = adminUsersQuerySchema.safeParse(raw);
  if (result.success) return { query: result.data, problems: {} };
  const problems = fieldErrorsFrom(result.error);
  const valid = Object.fromEntries(Object.entries(raw).filter(([field]) => !(field in problems)));
  const retried = adminUsersQuerySchema.safeParse(valid);
  return { query: retried.success ? retried.data : adminUsersQuerySchema.parse({}), problems };
}

export const getServerSideProps = withPageAuth<AdminUsersPageProps>(
  async (ctx, session) => {
    const { query, problems } = parseListQuery(ctx.query);
    return { list: await adminReads.users(session, query), query: withoutAbsent(query), problems };
  },
  { role: "admin" },
);

/** The admin console: every account, searchable by email or name, filtered and sorted, a page at a time. Rendered on the server. */
export default function AdminUsersPage({ list, query, problems }: AdminUsersPageProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Users · Admin · KeyForge</title>
      </Head>
      <h1>Users</h1>
      <p className={styles.muted}>
        <Link href="/admin/models">Models on offer for code generation</Link> · <Link href="/admin/mail">Undelivered mail</Link>
      </p>
      <UserSearchForm query={query} problems={problems} />
      <UserList list={list} query={query} />
    </main>
  );
}
