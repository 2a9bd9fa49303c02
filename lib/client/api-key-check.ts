import "client-only";
import { sendJson } from "./api-client";
import type { ApiKeyCheckResponse, CHECKABLE_API_KEY_PROVIDERS } from "@/lib/vault/shared";

/**
 * `POST /api/user/api-keys/check`: the server calls the provider with the
 * stored key and says whether it was accepted. Throws `ApiError` (429 when
 * checked too often).
 */
export function checkApiKey(provider: (typeof CHECKABLE_API_KEY_PROVIDERS)[number]): Promise<ApiKeyCheckResponse> {
  return sendJson<ApiKeyCheckResponse>("/api/user/api-keys/check", "POST", { provider });
}
