import Link from "next/link";
import type { ReactNode } from "react";
import { AccountStatus } from "./AccountStatus";
import { DateTime } from "./DateTime";
import { SignInMethods } from "./SignInMethods";
import shared from "./Admin.module.css";
import styles from "./AdminList.module.css";
import type { AdminUserSort, AdminUserSummary, SortOrder } from "@/lib/admin/shared";

/** A data cell; its label is shown before it when the row is a stacked card (narrow screens). */
function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td data-label={label}>
      <span>{children}</span>
    </td>
  );
}

interface UserTableProps {
  users: AdminUserSummary[];
  caption: string;
  /** The list's order, announced on its column (`aria-sort`). */
  sort: AdminUserSort;
  order: SortOrder;
}

/**
 * One row per user: a real table from 48rem up, a stacked card per user
 * below that (see AdminList.module.css), so nothing scrolls sideways on a phone.
 */
export function UserTable({ users, caption, sort, order }: UserTableProps) {
  const sorted = (column: AdminUserSort) => (column === sort ? (order === "asc" ? "ascending" : "descending") : undefined);
  return (
    <table className={styles.table}>
      <caption className={shared.visuallyHidden}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" aria-sort={sorted("name")}>
            Name
          </th>
          <th scope="col">Email</th>
          <th scope="col">Verified</th>
          <th scope="col">Role</th>
          <th scope="col">Sign-in methods</th>
          <th scope="col" aria-sort={sorted("created")}>
            Created
          </th>
          <th scope="col" aria-sort={sorted("last-sign-in")}>
            Last sign-in
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <th scope="row">
              <Link href={`/admin/users/${user.id}`}>{user.name || user.email || "Unnamed user"}</Link>
            </th>
            <Cell label="Email">{user.email ?? "None"}</Cell>
            <Cell label="Verified">{user.emailVerified ? "Yes" : "No"}</Cell>
            <Cell label="Role">
              <span className={shared.role}>{user.role}</span>
            </Cell>
            <Cell label="Sign-in methods">
              <SignInMethods methods={user.providers} />
            </Cell>
            <Cell label="Created">
              <DateTime iso={user.createdAt} />
            </Cell>
            <Cell label="Last sign-in">
              <DateTime iso={user.lastSignInAt} />
            </Cell>
            <Cell label="Status">
              <AccountStatus disabled={user.disabled} />
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
