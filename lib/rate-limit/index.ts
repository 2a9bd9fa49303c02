import "#server-only";
import { clientNetwork, HttpError } from "@/lib/http";
import { consumeRateLimits, type RateLimitRule } from "./attempts";

/** Limits stored in MongoDB, so they hold across every app instance. */
export { blockedFor, blockFor, claimOnce, consumeRateLimits, forgetAttemptsNaming, resetRateLimit } from "./attempts";

/**
 * The sign-in limits' keys, here because more than sign-in uses them (a
 * password reset clears the account's lockout): attempts per client network,
 * and the failure budgets of the lockout, one per account for unknown
 * browsers and one per known device.
 */
export const signInLimitKeys = {
  network: (ip: string) => `signin:ip:${clientNetwork(ip)}`,
  /** Passkey sign-in options per client network: the sign-in page asks for them on every visit (autofill), so not from the sign-ins' own budget. */
  passkeyOptions: (ip: string) => `passkey-options:ip:${clientNetwork(ip)}`,
  unknownDevices: (email: string) => `signin:email:${email}`,
  knownDevice: (deviceId: string) => `signin:device:${deviceId}`,
  /** Checks of the current password while signed in (password change, re-authentication). */
  passwordCheck: (userId: string) => `password-check:${userId}`,
};

/** Counts one attempt against `key`; a refused one is thrown as 429 with `message` and Retry-After. */
export async function enforceRateLimit(key: string, rule: RateLimitRule, message: string): Promise<void> {
  await enforceRateLimits([{ key, rule, message }]);
}

/**
 * Counts one attempt against every limit; the first that refuses it is
 * thrown as 429 (its `message`, Retry-After), and the attempt is taken back
 * from the limits that had allowed it, so a refused action uses up nothing.
 */
export async function enforceRateLimits(limits: { key: string; rule: RateLimitRule; message: string }[]): Promise<void> {
  const results = await consumeRateLimits(limits);
  const refused = results.find((result) => !result.allowed);
  if (!refused) return;
  await Promise.all(results.map((result) => result.release()));
  throw HttpError.rateLimited(refused.attempt.message, refused.retryAfterSeconds);
}
