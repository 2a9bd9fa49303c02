import Link from "next/link";
import styles from "./AdminList.module.css";
import { ADMIN_USERS_DEFAULT_LIMIT } from "@/lib/admin/shared";

/** The list's address for `page`, with the search and page size kept (and the defaults left out). */
export function userListHref(query: string, page: number, limit: number): string {
  const params = new URLSearchParams();
  if (query) params.set("query", query);
  if (page > 1) params.set("page", String(page));
  if (limit !== ADMIN_USERS_DEFAULT_LIMIT) params.set("limit", String(limit));
  const search = params.toString();
  return search ? `/admin?${search}` : "/admin";
}

interface UserListPaginationProps {
  query: string;
  page: number;
  pageCount: number;
  limit: number;
}

/** Previous / "Page 2 of 5" / Next, as links that keep the search. Nothing when everything fits on one page. */
export function UserListPagination({ query, page, pageCount, limit }: UserListPaginationProps) {
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav aria-label="Pages of users" className={styles.pagination}>
      {page > 1 ? (
        <Link href={userListHref(query, Math.min(page - 1, pageCount), limit)} rel="prev" className={styles.pageLink}>
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
        <Link href={userListHref(query, page + 1, limit)} rel="next" className={styles.pageLink}>
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
