import "client-only";

/** Browser-only code: calling the API, the SWR hooks, form helpers and signing in. */
export { ApiError, sendJson } from "./api-client";
export { errorMessage } from "./error-message";
export { firstInvalidField, validateForm } from "./forms";
export { useApiKeys } from "./hooks/use-api-keys";
export { useAuthEvents } from "./hooks/use-auth-events";
export { useFocusAfterRender } from "./hooks/use-focus-after-render";
export { useFormFeedback } from "./hooks/use-form-feedback";
export { useMe } from "./hooks/use-me";
export { useNow } from "./hooks/use-now";
export { useSessions } from "./hooks/use-sessions";
export { confirmPassword, isReauthRequired } from "./reauth";
export { signInWithPassword } from "./sign-in";
export { absoluteTime, dayHeading, timeAgo } from "./time-format";
