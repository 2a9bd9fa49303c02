import "#server-only";

/** What reaches an account's mailbox: sign-up's verification, password reset and email change, each by a single-use link (and a code for verification). */
export { emailWorkHandedOff, emailWorkSettled } from "./background";
export { cancelEmailChange, checkEmailChangeLink, confirmEmailChange, emailStatus, requestEmailChange } from "./email-change";
export { checkRevertLink, revertEmailChange } from "./email-change-revert";
export { emailLinkPageProblem } from "./link-pages";
export { checkResetLink, requestPasswordReset, resetPassword } from "./password-reset";
export { discardWhatWasSetUp, reclaimForVerifiedOwner } from "./reclaim";
export { signUp } from "./signup";
export { checkVerificationLink, resendVerificationByEmail, resendVerificationToSelf, verifyEmail } from "./verification";
export { verifyEmailCode } from "./verification-code";
