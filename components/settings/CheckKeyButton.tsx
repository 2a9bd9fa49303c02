import { useState } from "react";
import styles from "./Settings.module.css";
import { ApiError, checkApiKey, errorMessage, useApiKeys, type KeyRowStatus } from "@/lib/client";
import type { CHECKABLE_API_KEY_PROVIDERS } from "@/lib/vault/shared";

interface CheckKeyButtonProps {
  provider: (typeof CHECKABLE_API_KEY_PROVIDERS)[number];
  label: string;
  onStatus: (status: KeyRowStatus) => void;
}

/**
 * "Check": the server tries the stored key with the provider's cheapest
 * authenticated call and keeps the result on the key; the row's status region
 * says what it found (or why it could not check, e.g. too many checks), and
 * its "Checked …" line is read again.
 */
export function CheckKeyButton({ provider, label, onStatus }: CheckKeyButtonProps) {
  const [pending, setPending] = useState(false);
  const { reload } = useApiKeys();

  async function check() {
    setPending(true);
    onStatus({ text: `Checking your ${label} key with ${label}…`, tone: "pending" });
    try {
      const result = await checkApiKey(provider);
      onStatus({ text: result.message, tone: result.status === "valid" ? "success" : "warning", check: result.status });
      void reload();
    } catch (error) {
      const fieldMessage = error instanceof ApiError ? error.fields.provider?.join(" ") : undefined;
      onStatus({ text: `Could not check the key. ${fieldMessage ?? errorMessage(error)}`, tone: "error" });
    } finally {
      setPending(false);
    }
  }

  return (
    <button type="button" className={styles.button} disabled={pending} aria-busy={pending} onClick={() => void check()}>
      {pending ? "Checking…" : "Check"}
      <span className={styles.visuallyHidden}> {label} key</span>
    </button>
  );
}
