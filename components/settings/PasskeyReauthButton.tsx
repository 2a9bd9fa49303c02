import type { ComponentType } from "react";

interface PasskeyReauthButtonProps {
  /** Runs the refused action again once a passkey has confirmed who the user is. */
  onConfirmed: () => Promise<unknown> | void;
}

/**
 * "Use a passkey" in the re-authentication prompt, shown for an account
 * with passkeys. A placeholder that renders nothing until the passkey
 * ceremony (`POST /api/user/reauth { passkey }`) is built here.
 */
export const PasskeyReauthButton: ComponentType<PasskeyReauthButtonProps> = () => null;
