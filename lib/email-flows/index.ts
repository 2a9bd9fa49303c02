import "#server-only";

/** What reaches an account's mailbox: sign-up's verification, password reset and email change, each by a single-use link. */
export { emailWorkHandedOff, emailWorkSettled } from "./background";
export {
  cancelEmailChange,
  checkEmailChangeLink,
  checkRevertLink,
  confirmEmailChange,
  emailStatus,
  requestEmailChange,
  revertEmailChange,
} from "./email-change";
export { checkResetLink, requestPasswordReset, resetPassword } from "./password-reset";
export { signUp } from "./signup";
export { resendVerificationByEmail, resendVerificationToSelf, verifyEmail } from "./verification";
