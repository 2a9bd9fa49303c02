import "client-only";

/** Browser-only code: calling the API, the SWR hooks, form helpers, signing in, the email flows and generating code. */
export {
  deleteAdminUser,
  resetUserTwoFactor,
  retryDeadMail,
  revokeUserSessions,
  saveModelAllowList,
  startImpersonation,
  stopImpersonation,
  updateAdminUser,
} from "./admin";
export { ApiError, sendJson } from "./api-client";
export { avatarFileProblem, removeAvatar, uploadAvatar } from "./avatar-upload";
export { checkApiKey } from "./api-key-check";
export { copyText } from "./clipboard";
export { downloadDataExport } from "./data-export";
export { asMarkdownAnswer, fileExtensionFor } from "./code-answer";
export { downloadText } from "./download";
export { RESEND_COOL_DOWN_SECONDS, resendEmailCode, verifyEmailCode } from "./email-code";
export { useCommonPasswordCheck } from "./common-passwords";
export {
  confirmEmailChange,
  isLinkProblem,
  requestPasswordReset,
  resendVerificationLink,
  resetPassword,
  revertEmailChange,
  verifyEmailAddress,
} from "./email-flows";
export { errorMessage } from "./error-message";
export { confirmWithPasskey, PASSKEY_CEREMONY_FAILED, passkeyAutofillAvailable, signInWithPasskey } from "./passkeys";
export { firstInvalidField, isSubmitShortcut, validateForm } from "./forms";
export { useActionStatus } from "./hooks/use-action-status";
export { useApiKeyEditor, type KeyRowStatus } from "./hooks/use-api-key-editor";
export { useApiKeys } from "./hooks/use-api-keys";
export { useAuthEvents } from "./hooks/use-auth-events";
export { useConnectedAccounts } from "./hooks/use-connected-accounts";
export { useEmailStatus } from "./hooks/use-email-status";
export { useFocusAfterRender } from "./hooks/use-focus-after-render";
export { useFormFeedback } from "./hooks/use-form-feedback";
export { useGeneration, type GenerationRun } from "./hooks/use-generation";
export { useGenerationUsage } from "./hooks/use-generation-usage";
export { useUsageReport } from "./hooks/use-usage-report";
export { useGenerationDetail, useGenerations } from "./hooks/use-generations";
export { useConversation } from "./hooks/use-conversation";
export { useConversations } from "./hooks/use-conversations";
export { useHydrated } from "./hooks/use-hydrated";
export { useModels } from "./hooks/use-models";
export { LINK_OUTCOME_ID, useLinkAction } from "./hooks/use-link-action";
export { useMe } from "./hooks/use-me";
export { useNoticeSettings } from "./hooks/use-notice-settings";
export { useNow } from "./hooks/use-now";
export { usePasskeys } from "./hooks/use-passkeys";
export { usePreferences } from "./hooks/use-preferences";
export { CUSTOM_PRESET, useGenerationParameters, type ParameterValues } from "./hooks/use-generation-parameters";
export { useReauthWays } from "./hooks/use-reauth-ways";
export { useRouteFocus } from "./hooks/use-route-focus";
export { useRunFocus } from "./hooks/use-run-focus";
export { useSessions } from "./hooks/use-sessions";
export { useTwoFactor } from "./hooks/use-two-factor";
export { forgetLastPrompts } from "./forget-last-prompts";
export { loadLastPrompt, saveLastPrompt } from "./last-prompt";
export { qrCodeSvg } from "./qr-code";
export { confirmPassword, confirmTotpCode, isReauthRequired } from "./reauth";
export { finishSignInWithSecondStep, signInWithPassword } from "./sign-in";
export { forgetThisBrowsersSession } from "./sign-out";
export { absoluteTime, dayHeading, formatDuration, timeAgo } from "./time-format";
export { applyTheme } from "./theme";
export { formatCost, formatTokens, formatTokensCompact, tokensPerSecond } from "./usage-format";
