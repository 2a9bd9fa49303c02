import "#server-only";

/** Single-use secrets for links sent by email, stored only as hashes in `verificationTokens`. */
export {
  checkEmailToken,
  consumeEmailToken,
  issueEmailToken,
  latestEmailToken,
  revokeEmailTokens,
  type EmailTokenCheck,
} from "./tokens";
