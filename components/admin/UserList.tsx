import Link from "next/link";
import { hasListChoices } from "./UserListFilters";
import { UserListPagination, userListHref } from "./UserListPagination";
import { UserTable } from "./UserTable";
import styles from "./AdminList.module.css";
import type { AdminUsersQuery, AdminUsersResponse } from "@/lib/admin/shared";

function countInWords(count: number): string {
  return count === 1 ? "1 user" : `${count} users`;
}

/** Whether the list is narrowed: a search or a filter (an order alone narrows nothing). */
function isNarrowed(query: AdminUsersQuery): boolean {
  return Boolean(query.query || query.role || query.status || query.verified || query.method);
}

/** "3 users", "3 users match “ann”", "1 user matches the filters", "No users match “ann” and the filters". */
function resultsInWords(total: number, query: AdminUsersQuery): string {
  if (!isNarrowed(query)) return total === 0 ? "No users yet." : countInWords(total);
  const what = [query.query ? `“${query.query}”` : null, query.role || query.status || query.verified || query.method ? "the filters" : null]
    .filter(Boolean)
    .join(" and ");
  if (total === 0) return `No users match ${what}.`;
  return `${countInWords(total)} ${total === 1 ? "matches" : "match"} ${what}`;
}

/** One page of the user list: how many there are, the rows, and the way to the other pages. */
export function UserList({ list, query }: { list: AdminUsersResponse; query: AdminUsersQuery }) {
  const { users, total, page, limit } = list;
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const caption = `${resultsInWords(total, query)}, page ${page} of ${pageCount}`;
  return (
    <div className={styles.results}>
      <p className={styles.count}>
        {resultsInWords(total, query)}
      </p>
      {users.length > 0 ? (
        <UserTable users={users} caption={caption} sort={list.sort} order={list.order} />
      ) : (
        total > 0 && (
          <p>
            Page {page} is past the end of the list. <Link href={userListHref(query, 1)}>Go to the first page</Link>
          </p>
        )
      )}
      {total === 0 && hasListChoices(query) && (
        <p>
          <Link href="/admin">Show every user</Link>
        </p>
      )}
      <UserListPagination query={query} page={page} pageCount={pageCount} />
    </div>
  );
}
