import "client-only";
import { ErrorCode, type ErrorBody, type FieldErrors } from "@/lib/http/shared";

/**
 * The browser's one way to call our API: JSON in, JSON out, and any error
 * response thrown as an `ApiError` carrying the server's code, message and
 * field errors. SWR hooks use `fetcher`, forms use `sendJson`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function parseResponse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (body as Partial<ErrorBody> | null)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? ErrorCode.Internal,
    error?.message ?? "Something went wrong. Please try again.",
    error?.fields ?? {},
  );
}

/** GET for SWR: `useSWR<T>(url, fetcher)`. */
export async function fetcher<T>(url: string): Promise<T> {
  return parseResponse<T>(await fetch(url, { headers: { Accept: "application/json" } }));
}

/** Sends `body` as JSON with `method` and returns the parsed answer. */
export async function sendJson<T>(url: string, method: "POST" | "PATCH" | "PUT" | "DELETE", body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parseResponse<T>(response);
}
