import { PasskeySignInButton } from "./PasskeySignInButton";

/**
 * The second step with a passkey (/auth/two-factor): one of the pending
 * sign-in's user's passkeys finishes it. The options call carries the
 * pending sign-in's cookie by itself, so the browser is asked only for that
 * user's passkeys.
 */
export function PasskeySecondStep({ callbackUrl }: { callbackUrl: string }) {
  return <PasskeySignInButton callbackUrl={callbackUrl} label="Use a passkey" />;
}
