import { FormAlert } from "@/components/ui/FormAlert";
import { TextField } from "@/components/ui/TextField";
import styles from "./AdminList.module.css";
import { ADMIN_USERS_DEFAULT_LIMIT } from "@/lib/admin/shared";
import type { FieldErrors } from "@/lib/http/shared";

interface UserSearchFormProps {
  query: string;
  limit: number;
  /** What was wrong with the address's query, by field: the list fell back to the defaults for those. */
  problems: FieldErrors;
}

/**
 * The search: a plain GET form to /admin, so it works without JavaScript and
 * every result page has an address. A new search starts at page 1; a chosen
 * page size is kept.
 */
export function UserSearchForm({ query, limit, problems }: UserSearchFormProps) {
  const { query: queryErrors, ...otherProblems } = problems;
  const otherMessages = Object.values(otherProblems).flat();
  return (
    <form method="get" action="/admin" role="search" className={styles.search}>
      <FormAlert message={otherMessages.length > 0 ? `Ignored part of the address: ${otherMessages.join("; ")}.` : null} />
      <TextField
        id="admin-user-search"
        name="query"
        type="search"
        label="Search users"
        placeholder="Email or name"
        defaultValue={query}
        errors={queryErrors}
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
      {limit !== ADMIN_USERS_DEFAULT_LIMIT && <input type="hidden" name="limit" value={limit} />}
    </form>
  );
}
