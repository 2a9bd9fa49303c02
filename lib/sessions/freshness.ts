import "#server-only";
import { getEnv } from "@/lib/core/env";
import { sessionErrors } from "./errors";
import { isAuthenticationStale } from "./shared";

/**
 * Refuses an account-takeover-capable action (setting a first password,
 * connecting or disconnecting a provider, and later changing the email)
 * unless the user proved who they are within the last 10 minutes: a stolen
 * or forgotten session alone cannot do it. The client confirms the password, or signs in again, and retries.
 */
export function assertRecentAuthentication(authTime: number, now = Date.now()): void {
  if (isAuthenticationStale(authTime, now)) throw sessionErrors.reauthRequired();
}

/** True once SESSION_ABSOLUTE_MAX_AGE has passed since the user authenticated, however active the session was. */
export function pastAbsoluteLifetime(authTime: number, now = Date.now()): boolean {
  return now - authTime > getEnv().SESSION_ABSOLUTE_MAX_AGE * 1000;
}
