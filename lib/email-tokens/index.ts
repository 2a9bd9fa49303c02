import "#server-only";

/** Single-use secrets for links and codes sent by email, stored only as hashes in `verificationTokens`. */
export { issueEmailCode, redeemEmailCode } from "./codes";
export { emailCodeErrors, emailLinkErrors } from "./errors";
export { ownEmailTokens } from "./own-tokens";
export { deleteEveryEmailTokenOf, deleteExpiredEmailTokens, hasLiveEmailTokenAbout } from "./repository";
export {
  addressOfExpiredLink,
  checkEmailToken,
  consumeEmailToken,
  issueEmailLink,
  liveEmailTokens,
  revokeEmailTokens,
  type EmailTokenCheck,
  type EmailTokenRecord,
  type EmailTokenStore,
} from "./tokens";
