import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import styles from "./Settings.module.css";
import { confirmWithPasskey, errorMessage, usePasskeys } from "@/lib/client";

interface PasskeyReauthButtonProps {
  /** Runs the refused action again once a passkey has confirmed who the user is. */
  onConfirmed: () => Promise<unknown> | void;
}

/**
 * "Use a passkey" in the re-authentication prompt, for an account that has
 * one (nothing otherwise): the device confirms it is you, and an account
 * without a password needs no detour through a provider.
 */
export function PasskeyReauthButton({ onConfirmed }: PasskeyReauthButtonProps) {
  const { passkeys } = usePasskeys();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!passkeys?.length) return null;

  async function onClick() {
    setPending(true);
    setError(null);
    try {
      await confirmWithPasskey();
    } catch (caught) {
      setPending(false);
      return setError(errorMessage(caught));
    }
    setPending(false);
    await onConfirmed();
  }

  return (
    <>
      <button type="button" className={styles.button} onClick={() => void onClick()} disabled={pending}>
        {pending ? "Waiting for your passkey…" : "Use a passkey"}
      </button>
      <FormAlert message={error} />
    </>
  );
}
