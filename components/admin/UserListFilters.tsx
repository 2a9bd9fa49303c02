import Link from "next/link";
import { FilterSelect } from "./FilterSelect";
import { signInMethodName } from "./SignInMethods";
import styles from "./AdminList.module.css";
import { ADMIN_USER_METHODS, ADMIN_USER_SORTS, type AdminUserSort, type AdminUsersQuery } from "@/lib/admin/shared";
import type { FieldErrors } from "@/lib/http/shared";

const SORT_LABELS: Record<AdminUserSort, string> = { created: "Created", "last-sign-in": "Last sign-in", name: "Name" };

const ANY = ["", "Any"] as const;

/** Whether the list is narrowed or ordered other than by default (then "Clear" is offered). */
export function hasListChoices(query: AdminUsersQuery): boolean {
  return Boolean(query.query || query.role || query.status || query.verified || query.method || query.order || query.sort !== "created");
}

/**
 * The list's filters and order, inside the search form: each is a query
 * parameter (see docs/api.md), so a filtered list has an address to share,
 * Back and Forward step through the choices, and it all works without JavaScript.
 */
export function UserListFilters({ query, problems }: { query: AdminUsersQuery; problems: FieldErrors }) {
  return (
    <fieldset className={styles.filters}>
      <legend>Filter and sort</legend>
      <div className={styles.filterGrid}>
        <FilterSelect name="role" label="Role" value={query.role ?? ""} errors={problems.role} options={[ANY, ["user", "User"], ["admin", "Admin"]]} />
        <FilterSelect
          name="status"
          label="Status"
          value={query.status ?? ""}
          errors={problems.status}
          options={[ANY, ["active", "Active"], ["disabled", "Disabled"]]}
        />
        <FilterSelect
          name="verified"
          label="Email verified"
          value={query.verified ?? ""}
          errors={problems.verified}
          options={[ANY, ["yes", "Verified"], ["no", "Not verified"]]}
        />
        <FilterSelect
          name="method"
          label="Sign-in method"
          value={query.method ?? ""}
          errors={problems.method}
          options={[ANY, ...ADMIN_USER_METHODS.map((method) => [method, signInMethodName(method)] as const)]}
        />
        <FilterSelect
          name="sort"
          label="Sort by"
          value={query.sort}
          errors={problems.sort}
          options={ADMIN_USER_SORTS.map((sort) => [sort, SORT_LABELS[sort]] as const)}
        />
        <FilterSelect
          name="order"
          label="Order"
          value={query.order ?? ""}
          errors={problems.order}
          options={[
            ["", "Default (newest first, A–Z)"],
            ["desc", "Descending"],
            ["asc", "Ascending"],
          ]}
        />
      </div>
      <div className={styles.filterActions}>
        <button type="submit" className={styles.searchButton}>
          Apply
        </button>
        {hasListChoices(query) && (
          <Link href="/admin" className={styles.clearLink}>
            Clear search and filters
          </Link>
        )}
      </div>
    </fieldset>
  );
}
