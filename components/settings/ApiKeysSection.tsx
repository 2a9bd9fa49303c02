import { useRouter } from "next/router";
import { ApiKeyRow } from "./ApiKeyRow";
import { LoadState } from "./LoadState";
import rowStyles from "./KeyRows.module.css";
import styles from "./Settings.module.css";
import { useApiKeys } from "@/lib/client";
import { API_KEY_PROVIDERS } from "@/lib/vault/shared";

/**
 * The API key vault: one row per provider, keys only ever shown masked. A
 * link with `?add=<provider>` (the start page's "Add your key") opens that
 * provider's key form, focused, on whichever page shows this section.
 */
export function ApiKeysSection() {
  const { apiKeys, error, reload, setApiKey } = useApiKeys();
  const { query } = useRouter();
  const addProvider = API_KEY_PROVIDERS.find((provider) => provider === query.add);
  return (
    <section className={styles.section} aria-labelledby="api-keys-heading" id="api-keys">
      <h2 id="api-keys-heading">API keys</h2>
      <p className={styles.sectionIntro}>
        Your keys for the services KeyForge calls on your behalf. They are stored encrypted and never shown again in
        full.
      </p>
      {apiKeys ? (
        <ul className={rowStyles.keyList}>
          {API_KEY_PROVIDERS.map((provider) => (
            <ApiKeyRow
              key={provider}
              provider={provider}
              stored={apiKeys[provider] ?? null}
              onSave={setApiKey}
              openOnArrival={provider === addProvider}
            />
          ))}
        </ul>
      ) : (
        <LoadState what="your API keys" error={error} onRetry={reload} />
      )}
    </section>
  );
}
