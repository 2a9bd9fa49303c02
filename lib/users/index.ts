import "#server-only";

/** Accounts: reading and changing users, keyed by id wherever a session is involved. */
export { changePassword, confirmPassword } from "./password-change";
export { createUser, registerUser } from "./registration";
export {
  bumpSessionVersion,
  findUserByEmail,
  getPreferences,
  getUser,
  markEmailVerified,
  replaceEmail,
  resetForVerifiedOwner,
  setPasswordFromReset,
  setPasswordHash,
  updatePreferences,
  updateUser,
  type UserDocument,
} from "./repository";
export { DEMO_USERS, seedUsers } from "./seed";
export { toPublicUser, toSessionUser, type SessionUser } from "./views";
