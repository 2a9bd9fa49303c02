import "client-only";

/** Browser-only code: calling the API, the SWR hooks, form helpers, signing in and generating code. */
export { ApiError, sendJson } from "./api-client";
export { checkApiKey } from "./api-key-check";
export { copyText } from "./clipboard";
export { errorMessage } from "./error-message";
export { firstInvalidField, isSubmitShortcut, validateForm } from "./forms";
export { useActionStatus } from "./hooks/use-action-status";
export { useApiKeys } from "./hooks/use-api-keys";
export { useAuthEvents } from "./hooks/use-auth-events";
export { useConnectedAccounts } from "./hooks/use-connected-accounts";
export { useFocusAfterRender } from "./hooks/use-focus-after-render";
export { useFormFeedback } from "./hooks/use-form-feedback";
export { useGeneration, type GenerationRun } from "./hooks/use-generation";
export { useGenerationDetail, useGenerations } from "./hooks/use-generations";
export { useMe } from "./hooks/use-me";
export { useNow } from "./hooks/use-now";
export { usePreferences } from "./hooks/use-preferences";
export { useSessions } from "./hooks/use-sessions";
export { forgetLastPrompts, loadLastPrompt, saveLastPrompt } from "./last-prompt";
export { confirmPassword, isReauthRequired } from "./reauth";
export { signInWithPassword } from "./sign-in";
export { absoluteTime, dayHeading, formatDuration, timeAgo } from "./time-format";
