import "client-only";
import { sendJson } from "./api-client";
import type {
  AdminRevokeSessionsResponse,
  AdminTwoFactorReset,
  AdminUserDelete,
  AdminUserDetail,
  AdminUserPatch,
  ImpersonationStartResponse,
  ImpersonationStopResponse,
} from "@/lib/admin/shared";
import type { AdminModelsResponse, ModelSettings } from "@/lib/model-catalog/shared";

/**
 * The admin console's actions on one user, and stopping a "view as" session.
 * Each throws `ApiError` (CONFLICT for the last admin, FORBIDDEN, VALIDATION_FAILED).
 */

function userPath(id: string): string {
  return `/api/admin/users/${encodeURIComponent(id)}`;
}

/** `PATCH /api/admin/users/:id`: change the role, or disable (with a reason) or enable; answers the user as now stored. */
export function updateAdminUser(id: string, patch: AdminUserPatch): Promise<AdminUserDetail> {
  return sendJson<AdminUserDetail>(userPath(id), "PATCH", patch);
}

/** `POST /api/admin/users/:id/revoke-sessions`: every device of the user is signed out. */
export function revokeUserSessions(id: string): Promise<AdminRevokeSessionsResponse> {
  return sendJson<AdminRevokeSessionsResponse>(`${userPath(id)}/revoke-sessions`, "POST");
}

/** `POST /api/admin/users/:id/reset-two-factor`: removes the user's second factors and ends their sessions; answers the user as now stored. */
export function resetUserTwoFactor(id: string, reset: AdminTwoFactorReset): Promise<AdminUserDetail> {
  return sendJson<AdminUserDetail>(`${userPath(id)}/reset-two-factor`, "POST", reset);
}

/** `DELETE /api/admin/users/:id`: deletes the account, with a reason kept in both audit trails. */
export function deleteAdminUser(id: string, request: AdminUserDelete): Promise<void> {
  return sendJson<void>(userPath(id), "DELETE", request);
}

/** `POST /api/admin/users/:id/impersonate`: the session cookie now views the product as the user. */
export function startImpersonation(id: string): Promise<ImpersonationStartResponse> {
  return sendJson<ImpersonationStartResponse>(`${userPath(id)}/impersonate`, "POST");
}

/** `DELETE /api/impersonation`: back to the admin's own session (or none, if it ended meanwhile). */
export function stopImpersonation(): Promise<ImpersonationStopResponse> {
  return sendJson<ImpersonationStopResponse>("/api/impersonation", "DELETE");
}

/** `PUT /api/admin/models`: replaces the models on offer and the default; answers the list as now stored. */
export function saveModelAllowList(settings: ModelSettings): Promise<AdminModelsResponse> {
  return sendJson<AdminModelsResponse>("/api/admin/models", "PUT", settings);
}

/** `POST /api/admin/mail/:id/retry`: the dead mail is queued again (NOT_FOUND when it is gone or cannot be retried). */
export function retryDeadMail(id: string): Promise<void> {
  return sendJson<void>(`/api/admin/mail/${encodeURIComponent(id)}/retry`, "POST");
}
