/** @jest-environment-options {"env": {"EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isTotpEnabled } from "@/lib/two-factor";
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import * as signupRoute from "@/pages/api/auth/signup";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, getSession, nextAuth, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { enableTotp } from "../../../helpers/two-factor";
import { createTestUser } from "../../../helpers/users";

/**
 * The other ways a browser could come away with a session, for an account
 * with two-step verification: none of them gets past the second step.
 * (Password and provider sign-ins: two-factor.test.ts, two-factor-oauth.test.ts; sign-in links: email-link.test.ts.)
 */
const mailServer = smtpServerForThisFile();
const ORIGIN = { origin: APP_ORIGIN, "sec-fetch-site": "same-origin" };
const NEW_PASSWORD = "Copper-Kettle-58-horizon";
const sessionCookies = (response: { headers: Headers }) => response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE));

describe("paths that could mint a session for an account with two-step verification", () => {
  it("a password reset signs no one in, keeps the second step, and the new password still needs it", async () => {
    const user = await createTestUser();
    await enableTotp(user.id);
    expect((await callRoute(forgotPasswordRoute, { method: "POST", json: { email: user.email }, headers: ORIGIN })).status).toBe(200);
    const token = tokenIn(await mailServer.current().waitForMail(user.email, { subject: /^Reset your KeyForge password$/ }), "/auth/reset-password");
    const jar = new CookieJar();
    const reset = await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: NEW_PASSWORD }, headers: ORIGIN, jar });
    expect(reset.status).toBe(200);
    expect(sessionCookies(reset)).toEqual([]);
    expect(await getSession(jar)).toBeNull();
    expect(await isTotpEnabled(user.id)).toBe(true);
    expect((await signIn(jar, { email: user.email, password: NEW_PASSWORD })).error).toBe("TWO_FACTOR_REQUIRED");
    expect(await getSession(jar)).toBeNull();
  });

  it("the sign-up form with the account's email and password hands nothing to NextAuth, and the handed-over post would need the second step", async () => {
    const user = await createTestUser();
    await enableTotp(user.id);
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const form = { name: "Someone", email: user.email, password: user.password, csrfToken, callbackUrl: "/settings" };
    const signup = await callRoute(signupRoute, { method: "POST", form, jar, headers: ORIGIN });
    expect(signup.status).toBe(303);
    expect(sessionCookies(signup)).toEqual([]);
    // What a 307 would have sent on: the credentials callback, which asks for the second step.
    const handedOver = await nextAuth("callback/credentials", { method: "POST", form, jar });
    expect(handedOver.headers.get("location")).toMatch(/\/api\/auth\/error\?error=TWO_FACTOR_REQUIRED$/);
    expect(sessionCookies(handedOver)).toEqual([]);
  });

  it("only the reviewed modules write a session cookie", () => {
    // Each one is in docs/security.md's list of session-minting paths, with why it cannot skip the second step.
    const writers = /\b(openSignInSession|writeSessionCookie|setSessionCookie|renewSessionCookie|writeViewAsSessionCookie|restoreAdminSession)\(/;
    const root = join(__dirname, "../../../..");
    const files = ["lib", "pages", "components"].flatMap((dir) => sourceFiles(join(root, dir)));
    const found = files.filter((file) => writers.test(readFileSync(file, "utf8"))).map((file) => relative(root, file)).sort();
    expect(found).toEqual([
      "lib/admin/impersonation.ts",
      "lib/auth/authorize.ts",
      "lib/auth/cookies.ts",
      "lib/auth/impersonation.ts",
      "lib/auth/passkey-sign-in.ts",
      "lib/auth/second-step.ts",
      "lib/auth/server-session.ts",
      "lib/auth/session-renewal.ts",
      "lib/auth/sign-in-session.ts",
      "pages/api/user/password.ts",
      "pages/api/user/reauth.ts",
    ]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
