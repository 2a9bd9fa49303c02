import "#server-only";

/**
 * Linked sign-in accounts (GitHub, Google, OIDC) as Settings shows and changes
 * them. Linking itself happens inside NextAuth's OAuth callback, gated by
 * lib/auth/linking.ts; every change of links ends with `syncLinkedProviders`,
 * which keeps the user's `linkedProviders` (what the admin list shows).
 */
export { disconnectAccount, listConnectedAccounts } from "./connections";
export { confirmWithPasskey, finishAddingPasskey, removePasskey, renameOwnPasskey, startAddingPasskey, startPasskeyReauth } from "./passkeys";
export { fillLegacyUsers, scheduleLegacyUserFill, startLegacyUserFill } from "./legacy-users";
export { deleteAccountLinksSince, deleteAllAccountLinks, findLinkedUserId, syncLinkedProviders } from "./repository";
export { listSignInMethods, signInMethodsOf } from "./sign-in-methods";
