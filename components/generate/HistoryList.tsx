import { useSession } from "next-auth/react";
import { useEffect, useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { ConversationItem } from "./ConversationItem";
import generateStyles from "./Generate.module.css";
import styles from "./HistoryList.module.css";
import { errorMessage, useConversations, useNow } from "@/lib/client";

/** How long typing rests before the search asks the server. */
const SEARCH_DEBOUNCE_MS = 300;

interface HistoryListProps {
  /** The conversation in the thread on the page. */
  openId: string | null;
  onOpen: (id: string) => void;
  /** After a delete (the page starts a new conversation when it was the open one). */
  onDeleted: (id: string) => void;
  /** After a rename (the open thread shows the new title). */
  onRenamed: (id: string) => void;
  /** Changes when a generation ended: the list is read again. */
  changes: number;
}

/**
 * The conversations beside the form, last used first: a search by title,
 * each one to open in the thread, rename or delete, and "Load more" for older
 * ones. A search reads a few hundred conversations a page, so a short page
 * with more behind it offers to search older ones.
 */
export function HistoryList({ openId, onOpen, onDeleted, onRenamed, changes }: HistoryListProps) {
  const now = useNow();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const { conversations, error, hasMore, isLoadingMore, loadMore, reload, rename, remove } = useConversations(query);
  // An admin viewing as this person is refused their history (it can hold their code): say so, rather than "could not be loaded".
  const viewing = Boolean(useSession().data?.impersonator);

  useEffect(() => {
    if (changes > 0) void reload();
  }, [changes, reload]);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const searching = query !== "";
  const settling = search.trim() !== query || (conversations === undefined && !error);
  return (
    <section className={styles.history} aria-labelledby="history-heading">
      <h2 id="history-heading" tabIndex={-1} className={styles.historyHeading}>
        History
      </h2>
      {viewing ? (
        <p className={generateStyles.muted}>History is private: it is not shown while viewing as someone.</p>
      ) : (
        <>
          <div role="search" className={styles.search}>
            <label htmlFor="history-search" className={styles.searchLabel}>
              Search titles
            </label>
            <input
              id="history-search"
              type="search"
              className={styles.searchInput}
              value={search}
              maxLength={200}
              onChange={(event) => setSearch(event.target.value)}
              aria-describedby="history-status"
            />
          </div>
          <p id="history-status" role="status" className={generateStyles.muted}>
            {settling ? "Searching…" : searching && conversations?.length === 0 ? (hasMore ? "No title matches among your newest conversations." : `No conversation title holds “${query}”.`) : ""}
          </p>
          {error && !conversations ? (
            <div className={generateStyles.stack}>
              <FormAlert message={`Your history could not be loaded. ${errorMessage(error)}`} />
              <button type="button" className={generateStyles.button} onClick={() => void reload()}>
                Try again
              </button>
            </div>
          ) : !conversations ? null : conversations.length === 0 && !searching ? (
            <p className={generateStyles.muted}>Nothing yet. Your conversations appear here, unless you turned history off in Settings.</p>
          ) : (
            <>
              {conversations.length > 0 && (
                <ul className={styles.historyList} aria-label={searching ? `Conversations whose title holds “${query}”` : "Your conversations, last used first"}>
                  {conversations.map((conversation) => (
                    <ConversationItem
                      key={conversation.id}
                      conversation={conversation}
                      now={now}
                      open={conversation.id === openId}
                      onOpen={() => onOpen(conversation.id)}
                      onRename={async (title) => {
                        await rename(conversation.id, title);
                        onRenamed(conversation.id);
                      }}
                      onDelete={async () => {
                        await remove(conversation.id);
                        onDeleted(conversation.id);
                      }}
                    />
                  ))}
                </ul>
              )}
              {hasMore && (
                <button type="button" className={generateStyles.button} onClick={loadMore} disabled={isLoadingMore} aria-busy={isLoadingMore}>
                  {isLoadingMore ? "Loading…" : searching ? "Search older conversations" : "Load more"}
                </button>
              )}
              {error && <FormAlert message={`Could not load more. ${errorMessage(error)}`} />}
            </>
          )}
        </>
      )}
    </section>
  );
}
