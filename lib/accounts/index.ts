import "#server-only";

/**
 * Linked sign-in accounts (GitHub, Google, OIDC) as Settings shows and changes
 * them. Linking itself happens inside NextAuth's OAuth callback, gated by
 * lib/auth/linking.ts.
 */
export { disconnectAccount, listConnectedAccounts } from "./connections";
export { confirmWithPasskey, finishAddingPasskey, removePasskey, renameOwnPasskey, startAddingPasskey, startPasskeyReauth } from "./passkeys";
export { deleteAccountLinksSince, deleteAllAccountLinks, findLinkedUserId } from "./repository";
export { listSignInMethods, signInMethodsOf } from "./sign-in-methods";
