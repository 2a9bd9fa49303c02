import "client-only";
import { z } from "zod";
import { ErrorCode, parseRetryAfter, type FieldErrors } from "@/lib/http/shared";

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
    /** From a 429's or 503's Retry-After header: how many seconds to wait, when the server said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A wait already over (a date in the past) is no wait. */
const waitSeconds = (seconds: number | null): number | null => (seconds === null ? null : Math.max(0, seconds));

/** Our one error body, read field by field: any body at all may come (a proxy's page), and a field of another type counts as missing. */
const errorBodySchema = z.object({
  error: z.object({
    code: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    fields: z.record(z.string(), z.array(z.string())).optional().catch(undefined),
  }),
});

/** The ApiError for a non-OK response, read from our one error body (any body at all, for a proxy's page). */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = errorBodySchema.safeParse(body).data?.error;
  return new ApiError(
    response.status,
    error?.code ?? ErrorCode.Internal,
    error?.message ?? "Something went wrong. Please try again.",
    error?.fields ?? {},
    waitSeconds(parseRetryAfter(response.headers.get("Retry-After"))),
  );
}

async function parseResponse<T>(response: Response): Promise<T> {
  // The caller names the answer's type: our routes answer typed JSON (apiRoute's `json`), and 204 with none.
  if (response.status === 204) return undefined as T;
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json().catch(() => null)) as T; // as above: the route's own answer type
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
