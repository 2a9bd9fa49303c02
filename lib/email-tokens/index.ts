import "#server-only";

/** Single-use secrets for links sent by email, stored only as hashes in `verificationTokens`. */
export {
  checkEmailToken,
  consumeEmailToken,
  issueEmailLink,
  latestEmailToken,
  revokeEmailTokens,
  type EmailTokenCheck,
} from "./tokens";
