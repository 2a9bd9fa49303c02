import { ApiKeyRow } from "@/components/ApiKeyRow";
import { LoadState } from "@/components/LoadState";
import styles from "@/components/Settings.module.css";
import { useApiKeys } from "@/lib/hooks/use-api-keys";
import { API_KEY_PROVIDERS } from "@/lib/validations/api-keys";

/** The API key vault: one row per provider, keys only ever shown masked. */
export function ApiKeysSection() {
  const { apiKeys, error, reload, setApiKey } = useApiKeys();
  return (
    <section className={styles.section} aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className={styles.sectionIntro}>
        Your keys for the services KeyForge calls on your behalf. They are stored encrypted and never shown again in
        full.
      </p>
      {apiKeys ? (
        <ul className={styles.keyList}>
          {API_KEY_PROVIDERS.map((provider) => (
            <ApiKeyRow key={provider} provider={provider} stored={apiKeys[provider] ?? null} onSave={setApiKey} />
          ))}
        </ul>
      ) : (
        <LoadState what="your API keys" error={error} onRetry={reload} />
      )}
    </section>
  );
}
