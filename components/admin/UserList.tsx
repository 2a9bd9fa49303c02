import Link from "next/link";
import { UserListPagination, userListHref } from "./UserListPagination";
import { UserTable } from "./UserTable";
import styles from "./AdminList.module.css";
import type { AdminUsersResponse } from "@/lib/admin/shared";

function countInWords(count: number): string {
  return count === 1 ? "1 user" : `${count} users`;
}

/** "3 users", "3 users match “ann”", "No users match “ann”". */
function resultsInWords(total: number, query: string): string {
  if (total === 0) return query ? `No users match “${query}”.` : "No users yet.";
  if (!query) return countInWords(total);
  return `${countInWords(total)} ${total === 1 ? "matches" : "match"} “${query}”`;
}

/** One page of the user list: how many there are, the rows, and the way to the other pages. */
export function UserList({ list, query }: { list: AdminUsersResponse; query: string }) {
  const { users, total, page, limit } = list;
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const caption = `${resultsInWords(total, query)}, page ${page} of ${pageCount}`;
  return (
    <div className={styles.results}>
      <p className={styles.count}>
        {resultsInWords(total, query)}
      </p>
      {users.length > 0 ? (
        <UserTable users={users} caption={caption} />
      ) : (
        total > 0 && (
          <p>
            Page {page} is past the end of the list. <Link href={userListHref(query, 1, limit)}>Go to the first page</Link>
          </p>
        )
      )}
      <UserListPagination query={query} page={page} pageCount={pageCount} limit={limit} />
    </div>
  );
}
