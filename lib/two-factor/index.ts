import "#server-only";

/** Two-step verification: an authenticator app (TOTP), recovery codes, and the pending sign-in between two steps. */
export { beginTotpSetup, confirmTotpSetup, acceptTotpCode, isTotpEnabled } from "./totp";
export { issueRecoveryCodes } from "./recovery-codes";
export { consumePendingSignIn, deleteExpiredPendingSignIns, findPendingSignIn, startPendingSignIn } from "./pending-sign-in";
export { checkSecondFactor, type SecondFactorProof } from "./second-step";
export { twoFactorErrors } from "./errors";
export { removeTotp, twoFactorStateOf } from "./state";
export { rotateTotpEncryption } from "./rotation";
export { disableTotp, enableTotp, regenerateRecoveryCodes, startTotpSetup, twoFactorCallerOf } from "./settings";
export { confirmTotpForReauth } from "./step-up";
