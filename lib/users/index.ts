import "#server-only";

/**
 * Accounts: reading and changing users, keyed by id wherever a session is
 * involved. A signed-in person's own account goes through the data door
 * (own-account.ts, password-change.ts); the repository's functions serve
 * sign-in, sign-up, email links and the seed.
 */
export { updateApiKeys } from "./api-keys";
export { userErrors } from "./errors";
export { findOwnUser, getPreferences, revealOwnPasswordHash, updatePreferences, updateUser, type ReadableUser } from "./own-account";
export { changePassword, confirmAccountPassword, confirmPassword } from "./password-change";
export {
  bumpSessionVersion,
  countOtherActiveAdmins,
  createUser,
  newUserId,
  discardVault,
  findMarkedDeletions,
  findUserByEmail,
  getUser,
  markEmailVerified,
  markUserDeleted,
  recordSignIn,
  removeMarkedUser,
  replaceEmail,
  respellStoredEmails,
  resetForVerifiedOwner,
  returnToMailbox,
  setPasswordFromReset,
  setPasswordHash,
  unmarkUserDeleted,
  type AccountDeletion,
  type DeletionCandidate,
  type UserDocument,
} from "./repository";
export { DEMO_USERS, seedUsers } from "./seed";
export { assertEmailVerified } from "./verified-email";
export { toPublicUser, toSessionUser, type SessionUser } from "./views";
