import { useRouter } from "next/router";
import { useEffect, useState } from "react";
import { LastUsed } from "./ProviderButtons";
import { FormAlert } from "@/components/ui/FormAlert";
import styles from "@/components/ui/Form.module.css";
import { ApiError, errorMessage, PASSKEY_CEREMONY_FAILED, passkeyAutofillAvailable, signInWithPasskey, useHydrated } from "@/lib/client";

interface PasskeySignInButtonProps {
  /** Where to go once signed in: a same-origin path. */
  callbackUrl: string;
  label: string;
  /** Also offer passkeys in the email field's suggestions (autocomplete="username webauthn"), where the browser can. */
  autofill?: boolean;
  /** This browser signed in with a passkey last time: mark the button. */
  lastUsed?: boolean;
  /** An "or" above it, after another way to sign in. */
  divider?: boolean;
}

/**
 * Signing in with a passkey: the button opens the browser's passkey prompt;
 * with `autofill`, the browser also offers this site's passkeys under the
 * email field, and picking one signs in the same way. Shown only with
 * JavaScript, which a passkey needs. A prompt the person closed says so; a
 * refusal says why.
 */
export function PasskeySignInButton({ callbackUrl, label, autofill = false, lastUsed = false, divider = false }: PasskeySignInButtonProps) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!autofill) return;
    let active = true;
    void passkeyAutofillAvailable().then(async (available) => {
      if (!available || !active) return;
      try {
        await router.push(await signInWithPasskey(callbackUrl, { autofill: true }));
      } catch (caught) {
        // The autofill's wait ends quietly when the button (or leaving the page) cancels it.
        if (active && !(caught instanceof ApiError && caught.code === PASSKEY_CEREMONY_FAILED)) setError(errorMessage(caught));
      }
    });
    return () => {
      active = false;
    };
  }, [autofill, callbackUrl, router]);

  async function onClick() {
    setPending(true);
    setError(null);
    try {
      await router.push(await signInWithPasskey(callbackUrl));
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  }

  if (!hydrated) return null;
  return (
    <>
      {divider && <p className={styles.divider}>or</p>}
      <div className={styles.providers}>
        <FormAlert message={error} />
        <button type="button" className={styles.providerButton} onClick={() => void onClick()} disabled={pending} aria-busy={pending}>
          {pending ? "Waiting for your passkey…" : label}
          {lastUsed && <LastUsed />}
        </button>
      </div>
    </>
  );
}
