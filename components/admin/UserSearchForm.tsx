import { FormAlert } from "@/components/ui/FormAlert";
import { TextField } from "@/components/ui/TextField";
import { UserListFilters } from "./UserListFilters";
import styles from "./AdminList.module.css";
import { ADMIN_USERS_DEFAULT_LIMIT, type AdminUsersQuery } from "@/lib/admin/shared";
import type { FieldErrors } from "@/lib/http/shared";

/** The fields shown next to their own control; any other problem is said above the form. */
const FIELDS_WITH_CONTROLS = new Set(["query", "role", "status", "verified", "method", "sort", "order"]);

interface UserSearchFormProps {
  query: AdminUsersQuery;
  /** What was wrong with the address's query, by field: the list fell back to the defaults for those. */
  problems: FieldErrors;
}

/**
 * The search, filters and order: a plain GET form to /admin, so it works
 * without JavaScript and every result page has an address. A new search
 * starts at page 1; a chosen page size is kept.
 */
export function UserSearchForm({ query, problems }: UserSearchFormProps) {
  const otherMessages = Object.entries(problems)
    .filter(([field]) => !FIELDS_WITH_CONTROLS.has(field))
    .flatMap(([, messages]) => messages);
  const controlProblems = Object.keys(problems).some((field) => FIELDS_WITH_CONTROLS.has(field) && field !== "query");
  const alert = [
    ...(otherMessages.length > 0 ? [`Ignored part of the address: ${otherMessages.join("; ")}.`] : []),
    ...(controlProblems ? ["Some of the address's choices were not understood: the list shows any for those (see below)."] : []),
  ].join(" ");
  return (
    <form method="get" action="/admin" role="search" aria-label="Users" className={styles.search}>
      <FormAlert message={alert || null} />
      <TextField
        id="admin-user-search"
        name="query"
        type="search"
        label="Search users"
        placeholder="Email or name"
        defaultValue={query.query}
        errors={problems.query}
        autoComplete="off"
        spellCheck={false}
        // The button sits beside the input (under it when there is no room), above any error message.
        renderInput={(input) => (
          <div className={styles.searchRow}>
            {input}
            <button type="submit" className={styles.searchButton}>
              Search
            </button>
          </div>
        )}
      />
      <UserListFilters query={query} problems={problems} />
      {query.limit !== ADMIN_USERS_DEFAULT_LIMIT && <input type="hidden" name="limit" value={query.limit} />}
    </form>
  );
}
