import "#server-only";

/** Single-use secrets for links sent by email, stored only as hashes in `verificationTokens`. */
export { ownEmailTokens } from "./own-tokens";
export {
  checkEmailToken,
  consumeEmailToken,
  issueEmailLink,
  revokeEmailTokens,
  type EmailTokenCheck,
  type EmailTokenStore,
} from "./tokens";
