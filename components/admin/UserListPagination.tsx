import Link from "next/link";
import styles from "./AdminList.module.css";
import { ADMIN_USERS_DEFAULT_LIMIT, type AdminUsersQuery } from "@/lib/admin/shared";

/** The list's address for `page`, with the search, filters, order and page size kept (and the defaults left out). */
export function userListHref(query: AdminUsersQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.query) params.set("query", query.query);
  for (const field of ["role", "status", "verified", "method"] as const) {
    const value = query[field];
    if (value) params.set(field, value);
  }
  if (query.sort !== "created") params.set("sort", query.sort);
  if (query.order) params.set("order", query.order);
  if (page > 1) params.set("page", String(page));
  if (query.limit !== ADMIN_USERS_DEFAULT_LIMIT) params.set("limit", String(query.limit));
  const search = params.toString();
  return search ? `/admin?${search}` : "/admin";
}

interface UserListPaginationProps {
  query: AdminUsersQuery;
  page: number;
  pageCount: number;
}

/** Previous / "Page 2 of 5" / Next, as links that keep the search and filters. Nothing when everything fits on one page. */
export function UserListPagination({ query, page, pageCount }: UserListPaginationProps) {
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav aria-label="Pages of users" className={styles.pagination}>
      {page > 1 ? (
        <Link href={userListHref(query, Math.min(page - 1, pageCount))} rel="prev" className={styles.pageLink}>
          Previous
        </Link>
      ) : (
        <span className={styles.pageLinkOff} aria-hidden="true">
          Previous
        </span>
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={userListHref(query, page + 1)} rel="next" className={styles.pageLink}>
          Next
        </Link>
      ) : (
        <span className={styles.pageLinkOff} aria-hidden="true">
          Next
        </span>
      )}
    </nav>
  );
}
