import "client-only";
import { ApiError } from "./api-client";

/** "30 seconds", "about 2 minutes", "about 3 hours": the wait a Retry-After asks for, in words. */
function waitInWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "about a minute" : `about ${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? "about an hour" : `about ${hours} hours`;
}

/**
 * The server's message for an API error (for a 429, with when to try again,
 * from Retry-After, unless the message already names the wait); anything else
 * (offline, a CORS or DNS failure) is a connection problem.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return "Could not reach the server. Check your connection and try again.";
  const { status, message, retryAfterSeconds } = error;
  if (status === 429 && retryAfterSeconds !== null && !/try again in \d/i.test(message)) {
    return `${message} You can try again in ${waitInWords(retryAfterSeconds)}.`;
  }
  return message;
}
