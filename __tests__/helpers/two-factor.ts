import { generate } from "otplib";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as recoveryCodesRoute from "@/pages/api/user/two-factor/recovery-codes";
import * as overviewRoute from "@/pages/api/user/two-factor";
import * as confirmRoute from "@/pages/api/user/two-factor/totp/confirm";
import * as totpRoute from "@/pages/api/user/two-factor/totp";
import type { RecoveryCodesResponse, TotpSetupResponse, TwoFactorOverview } from "@/lib/two-factor/shared";
import { APP_ORIGIN, CookieJar, signedInUser } from "./auth";
import { callRoute } from "./http";

/**
 * Two-step verification in Settings through its real routes, and a clock
 * the tests hold still (only Date is faked: the driver's and the SMTP
 * server's timers run as usual), so a code's time step is the test's choice.
 */

const SAME_ORIGIN = { origin: APP_ORIGIN };
type ErrorAnswer = { error?: { code: string; message: string; fields?: Record<string, string[]> } };

export const T0 = Date.UTC(2026, 11, 6, 12, 0, 10);

export function holdClockAt(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
}

/** The authenticator app's code for `secret` at `ms`. */
export function codeAt(secret: string, ms = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(ms / 1000) });
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
  const confirmed = await twoFactorApi.confirm(jar, { code: await codeAt(setup.body.secret) });
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
