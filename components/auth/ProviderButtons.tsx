import { ProviderSignInForm } from "@/components/ui/ProviderSignInForm";
import styles from "@/components/ui/Form.module.css";
import type { OAuthProviderOption, SignInMethod } from "@/lib/accounts/shared";

interface ProviderButtonsProps {
  /** The enabled providers, from the server's configuration. */
  providers: OAuthProviderOption[];
  callbackUrl: string;
  csrfToken: string;
  /** How this browser signed in last, to mark that button. */
  lastUsed: SignInMethod | null;
}

/** "Continue with …" for each enabled provider: plain forms, so they work without JavaScript too. */
export function ProviderButtons({ providers, callbackUrl, csrfToken, lastUsed }: ProviderButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <>
      <p className={styles.divider}>or</p>
      <div className={styles.providers}>
        {providers.map((provider) => (
          <ProviderSignInForm
            key={provider.id}
            provider={provider}
            callbackUrl={callbackUrl}
            csrfToken={csrfToken}
            className={styles.providerButton}
          >
            Continue with {provider.name}
            {lastUsed === provider.id && <LastUsed />}
          </ProviderSignInForm>
        ))}
      </div>
    </>
  );
}

/** The mark on the way this browser signed in last; read out as part of the button's name. */
export function LastUsed() {
  return <span className={styles.lastUsed}> Last used</span>;
}
