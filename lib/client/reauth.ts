import "client-only";
import { ErrorCode } from "@/lib/http/shared";
import { ApiError, sendJson } from "./api-client";

/** True when the server refused an action until the user proves again who they are (403 REAUTH_REQUIRED). */
export function isReauthRequired(error: unknown): boolean {
  return error instanceof ApiError && error.code === ErrorCode.ReauthRequired;
}

/** `POST /api/user/reauth`: confirms the password, renewing the session's authentication time (204). */
export function confirmPassword(password: string): Promise<void> {
  return sendJson<void>("/api/user/reauth", "POST", { password });
}

/** `POST /api/user/reauth` with a code from the authenticator app (wrong: 400 INVALID_TWO_FACTOR_CODE; too many: 429). */
export function confirmTotpCode(code: string): Promise<void> {
  return sendJson<void>("/api/user/reauth", "POST", { code });
}
