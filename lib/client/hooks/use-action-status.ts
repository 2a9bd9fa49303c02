import "client-only";
import { useState } from "react";
import { errorMessage } from "../error-message";

/**
 * A section's one-click actions (sign a device out, delete all history):
 * which one is running, then what it did or, in words, why it failed. `run`
 * never throws, so the caller can move focus once it resolves.
 */
export function useActionStatus<Key extends string>() {
  const [busy, setBusy] = useState<Key | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** Runs `action` as `key`; what it resolves to becomes the status. */
  async function run(key: Key, action: () => Promise<string>): Promise<void> {
    setBusy(key);
    setStatus(null);
    setError(null);
    try {
      setStatus(await action());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return { busy, status, error, run, clearStatus: () => setStatus(null) };
}
