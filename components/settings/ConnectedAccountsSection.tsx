import { useSession } from "next-auth/react";
import { useRef, useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { ProviderSignInForm } from "@/components/ui/ProviderSignInForm";
import { LoadState } from "./LoadState";
import { ReauthPrompt } from "./ReauthPrompt";
import rowStyles from "./KeyRows.module.css";
import styles from "./Settings.module.css";
import type { ConnectedAccount, ConnectedAccountsResponse, OAuthProviderId } from "@/lib/accounts/shared";
import { isReauthRequired, timeAgo, useActionStatus, useConnectedAccounts, useFocusAfterRender, useNow } from "@/lib/client";
import { isAuthenticationStale } from "@/lib/sessions/shared";

/** What waits for the user to confirm who they are. */
type Pending = { action: "connect" | "disconnect"; provider: OAuthProviderId } | null;

const connectFormName = (provider: OAuthProviderId) => `connect-${provider}`;

/**
 * Settings → Connected accounts: the providers this account signs in with,
 * "Connect" for the enabled ones it does not, "Disconnect" for the others.
 * Both need a sign-in within the last 10 minutes; the last way to sign in
 * (a password counts) cannot be disconnected.
 */
export function ConnectedAccountsSection() {
  const { connections, error, reload, disconnect } = useConnectedAccounts();
  return (
    <section className={styles.section} aria-labelledby="connected-accounts-heading" id="connected-accounts">
      <h2 id="connected-accounts-heading" tabIndex={-1}>
        Connected accounts
      </h2>
      <p className={styles.sectionIntro}>Other accounts you can sign in with. KeyForge keeps none of their access tokens.</p>
      {connections ? (
        <Connections connections={connections} disconnect={disconnect} />
      ) : (
        <LoadState what="your connected accounts" error={error} onRetry={reload} />
      )}
    </section>
  );
}

interface ConnectionsProps {
  connections: ConnectedAccountsResponse;
  disconnect: (provider: OAuthProviderId) => Promise<void>;
}

function Connections({ connections, disconnect }: ConnectionsProps) {
  const { data: session } = useSession();
  const now = useNow();
  const { busy, status, error, run } = useActionStatus<OAuthProviderId>();
  const [pending, setPending] = useState<Pending>(null);
  /** When the password was confirmed here, before the session cookie's new authentication time reaches useSession. */
  const confirmedAt = useRef(0);
  const focusLater = useFocusAfterRender();
  const { accounts, available, hasPassword } = connections;
  const onlyWayIn = !hasPassword && accounts.length === 1;

  const isFresh = () => !isAuthenticationStale(Math.max(session?.authTime ?? 0, confirmedAt.current));

  async function disconnectNow(account: ConnectedAccount) {
    setPending(null);
    await run(account.provider, async () => {
      try {
        await disconnect(account.provider);
      } catch (caught) {
        if (isReauthRequired(caught)) setPending({ action: "disconnect", provider: account.provider });
        throw caught;
      }
      return `Disconnected ${account.providerName}.`;
    });
    focusLater(() => document.getElementById("connected-accounts-heading"));
  }

  function onConfirmed() {
    confirmedAt.current = Date.now();
    const waiting = pending;
    setPending(null);
    if (waiting?.action === "connect") document.forms.namedItem(connectFormName(waiting.provider))?.requestSubmit();
    const account = accounts.find((candidate) => candidate.provider === waiting?.provider);
    if (waiting?.action === "disconnect" && account) void disconnectNow(account);
  }

  return (
    <>
      {accounts.length > 0 ? (
        <ul className={rowStyles.keyList}>
          {accounts.map((account) => (
            <li key={account.provider} className={rowStyles.keyRow}>
              <span className={rowStyles.keyName}>{account.providerName}</span>
              <span className={rowStyles.keyState}>
                {account.label && <span>{account.label}</span>}
                <span className={styles.meta}>
                  Connected <time dateTime={account.connectedAt}>{timeAgo(account.connectedAt, now)}</time>
                </span>
              </span>
              <button
                type="button"
                className={styles.dangerButton}
                disabled={busy !== null || onlyWayIn}
                aria-describedby={onlyWayIn ? "only-way-in" : undefined}
                onClick={() => void disconnectNow(account)}
              >
                {busy === account.provider ? "Disconnecting…" : "Disconnect"}
                <span className={styles.visuallyHidden}> {account.providerName}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.muted}>No other accounts are connected.</p>
      )}
      {onlyWayIn && (
        <p id="only-way-in" className={styles.muted}>
          This is your only way to sign in. To disconnect it, set a password or connect another account first.
        </p>
      )}
      {available.length > 0 && (
        <div className={styles.actions}>
          {available.map((provider) => (
            <ProviderSignInForm
              key={provider.id}
              name={connectFormName(provider.id)}
              provider={provider}
              callbackUrl="/settings/account#connected-accounts"
              className={styles.button}
              onBeforeSubmit={() => {
                if (isFresh()) return true;
                setPending({ action: "connect", provider: provider.id });
                return false;
              }}
            >
              Connect {provider.name}
            </ProviderSignInForm>
          ))}
        </div>
      )}
      <div role="status">{status && <p className={styles.saved}>{status}</p>}</div>
      <FormAlert message={error} />
      {pending && <ReauthPrompt hasPassword={hasPassword} onConfirmed={onConfirmed} onCancel={() => setPending(null)} />}
    </>
  );
}
