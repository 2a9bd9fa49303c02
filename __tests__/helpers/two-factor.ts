import { generate } from "otplib";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/two-factor";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as recoveryCodesRoute from "@/pages/api/user/two-factor/recovery-codes";
import * as overviewRoute from "@/pages/api/user/two-factor";
import * as confirmRoute from "@/pages/api/user/two-factor/totp/confirm";
import * as totpRoute from "@/pages/api/user/two-factor/totp";
import type { RecoveryCodesResponse, TotpSetupResponse, TwoFactorOverview } from "@/lib/two-factor/shared";
import { APP_ORIGIN, nextAuth, signedInUser, type CookieJar } from "./auth";
import { callRoute, type CallResult } from "./http";

/**
 * Two-step verification in tests: an authenticator app's codes at a chosen
 * time (and a clock the tests hold still: only Date is faked, the driver's
 * and the SMTP server's timers run as usual), TOTP turned on through the real
 * core functions or the Settings routes, and the second step through
 * NextAuth's real `two-factor` callback.
 */

/** The pending sign-in's ticket cookie (no `__Secure-` prefix: tests run on http). */
export const TICKET_COOKIE = "keyforge.two-factor";

/** The authenticator app's code for `secret` at `ms` (a Date.now() value). */
export function totpCodeAt(secret: string, ms = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(ms / 1000) });
}

/** Turns TOTP on for the user as Settings would (setup, then a confirmed code at the current time); the secret. */
export async function enableTotp(userId: string, label = "test@example.com"): Promise<string> {
  const { secret } = await beginTotpSetup(userId, label);
  if ((await confirmTotpSetup(userId, await totpCodeAt(secret, Date.now()))) !== "confirmed") throw new Error("enableTotp: the code was refused");
  return secret;
}

interface SecondStepResult {
  status: number;
  /** The `?error=` code NextAuth answered with, if any. */
  error: string | null;
  setCookies: string[];
  response: CallResult;
}

/** POST /api/auth/callback/two-factor as `signIn("two-factor", { redirect: false })` sends it, in `jar`'s browser. */
export async function secondStep(jar: CookieJar, proof: { code: string } | { recoveryCode: string }): Promise<SecondStepResult> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const response = await nextAuth("callback/two-factor", {
    method: "POST",
    jar,
    form: { ...proof, csrfToken, callbackUrl: "http://localhost:3000/settings", json: "true" },
  });
  const { url } = response.body as { url: string };
  return { status: response.status, error: new URL(url).searchParams.get("error"), setCookies: response.headers.getSetCookie(), response };
}

const SAME_ORIGIN = { origin: APP_ORIGIN };
type ErrorAnswer = { error?: { code: string; message: string; fields?: Record<string, string[]> } };

export const T0 = Date.UTC(2026, 11, 6, 12, 0, 10);

export function holdClockAt(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
}

export const twoFactorApi = {
  overview: (jar: CookieJar) => callRoute<TwoFactorOverview & ErrorAnswer>(overviewRoute, { method: "GET", jar }),
  setup: (jar: CookieJar, headers: Record<string, string> = SAME_ORIGIN) =>
    callRoute<TotpSetupResponse & ErrorAnswer>(totpRoute, { method: "POST", jar, headers }),
  confirm: (jar: CookieJar, json: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
    callRoute<RecoveryCodesResponse & ErrorAnswer>(confirmRoute, { method: "POST", jar, json, headers }),
  disable: (jar: CookieJar, json: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
    callRoute<ErrorAnswer>(totpRoute, { method: "DELETE", jar, json, headers }),
  regenerate: (jar: CookieJar, headers: Record<string, string> = SAME_ORIGIN) =>
    callRoute<RecoveryCodesResponse & ErrorAnswer>(recoveryCodesRoute, { method: "POST", jar, headers }),
};

/** A signed-in user who turned two-step verification on at the held clock's now. */
export async function signedInWithTwoFactor() {
  const { user, jar } = await signedInUser();
  const setup = await twoFactorApi.setup(jar);
  expect(setup.status).toBe(200);
  const confirmed = await twoFactorApi.confirm(jar, { code: await totpCodeAt(setup.body.secret) });
  expect(confirmed.status).toBe(200);
  return { user, jar, secret: setup.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

/** An admin's browser viewing the product as `userId`. */
export async function adminViewingAs(userId: string): Promise<CookieJar> {
  const { jar } = await signedInUser({ role: "admin" });
  const started = await callRoute(impersonateRoute, { method: "POST", jar, params: { id: userId }, headers: SAME_ORIGIN });
  expect(started.status).toBe(200);
  return jar;
}
