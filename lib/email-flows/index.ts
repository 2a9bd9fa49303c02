import "#server-only";

/** What reaches an account's mailbox: sign-up's verification, password reset, email change and sign-in links, each single-use (and a code for verification). */
export { emailWorkSettled } from "./background";
export { cancelEmailChange, checkEmailChangeLink, confirmEmailChange, emailStatus, requestEmailChange } from "./email-change";
export { checkRevertLink, revertEmailChange } from "./email-change-revert";
export { emailLinkPageProblem } from "./link-pages";
export { checkResetLink, requestPasswordReset, resetPassword } from "./password-reset";
export { discardWhatWasSetUp, reclaimForVerifiedOwner } from "./reclaim";
export { assertSignUpAllowed, signUp } from "./signup";
export { maySendSignInLink, sendSignInLink, SIGN_IN_LINK_PAGE, SIGN_IN_LINK_SECONDS } from "./sign-in-link";
export { checkVerificationLink, resendVerificationByEmail, resendVerificationToSelf, verifyEmail } from "./verification";
export { verifyEmailCode } from "./verification-code";
