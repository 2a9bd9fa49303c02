import "client-only";
import { ApiError } from "./api-client";

/** The server's message for an API error; anything else (offline, a CORS or DNS failure) is a connection problem. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Could not reach the server. Check your connection and try again.";
}
