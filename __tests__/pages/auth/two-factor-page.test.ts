import { issueRecoveryCodes } from "@/lib/two-factor";
import * as nextAuthRoute from "@/pages/api/auth/[...nextauth]";
import * as errorPage from "@/pages/auth/error";
import * as signinPage from "@/pages/auth/signin";
import * as twoFactorPage from "@/pages/auth/two-factor";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, getSession, nextAuth } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { renderPage, tagAttributes } from "../../helpers/pages";
import { TICKET_COOKIE, enableTotp, totpCodeAt } from "../../helpers/two-factor";
import { createTestUser } from "../../helpers/users";

/**
 * The second step as a browser without JavaScript goes through it: the
 * sign-in form's post, NextAuth's error route and our error page sending it
 * on, then /auth/two-factor's own form posted to the two-factor callback.
 * Only Date is faked, so a code's time step is the test's choice.
 */
const T0 = Date.UTC(2026, 11, 6, 12, 0, 10);

beforeEach(() => {
  jest.useFakeTimers({ now: T0, doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });
});
afterEach(() => jest.useRealTimers());

/** Where a refused form post lands: NextAuth's error route, then our error page's redirect (null when it shows the error itself). */
async function landingOf(refused: { headers: Headers }, jar: CookieJar): Promise<string | null> {
  const toError = new URL(refused.headers.get("location") ?? "", APP_ORIGIN);
  expect(toError.pathname).toBe("/api/auth/error");
  const errorRoute = await callRoute(nextAuthRoute, { jar, params: { nextauth: ["error"], error: toError.searchParams.get("error") ?? "" } });
  return (await renderPage(errorPage, errorRoute.headers.get("location") ?? "", jar)).redirect;
}

/** The password step as the sign-in page's form posts it; the page it lands on. */
async function passwordStepWithoutJs(user: { email: string; password: string }, jar: CookieJar): Promise<string | null> {
  const page = await renderPage(signinPage, "/auth/signin?callbackUrl=%2Fsettings", jar);
  const csrfToken = tagAttributes(page.html, "input", 'name="csrfToken"')?.value ?? "";
  const refused = await nextAuth("callback/credentials", { method: "POST", jar, form: { email: user.email, password: user.password, csrfToken, callbackUrl: "/settings" } });
  expect(refused.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE))).toEqual([]);
  return landingOf(refused, jar);
}

/** Renders the second step's page at `url` and posts its form with `fields`, as the browser would. */
async function postSecondStep(url: string, jar: CookieJar, fields: Record<string, string>) {
  const page = await renderPage(twoFactorPage, url, jar);
  const form = tagAttributes(page.html, "form", "method=");
  expect(form).toMatchObject({ method: "post", action: "/api/auth/callback/two-factor" });
  const csrfToken = tagAttributes(page.html, "input", 'name="csrfToken"')?.value ?? "";
  const callbackUrl = tagAttributes(page.html, "input", 'name="callbackUrl"')?.value ?? "";
  return { page, response: await nextAuth("callback/two-factor", { method: "POST", jar, form: { ...fields, csrfToken, callbackUrl } }) };
}

describe("the second step without JavaScript", () => {
  it("goes from the sign-in form to the code's form, and signs in with the code", async () => {
    const user = await createTestUser();
    const secret = await enableTotp(user.id);
    const jar = new CookieJar();
    const landing = await passwordStepWithoutJs(user, jar);
    expect(landing).toBe("/auth/two-factor?callbackUrl=%2Fsettings");
    expect(jar.get(TICKET_COOKIE)).toBeTruthy();

    jest.setSystemTime(T0 + 30_000);
    const { page, response } = await postSecondStep(landing ?? "", jar, { code: await totpCodeAt(secret, T0 + 30_000) });
    expect(tagAttributes(page.html, "input", 'name="code"')).toMatchObject({ inputMode: "numeric", autoComplete: "one-time-code" });
    expect(page.html).toContain("Use a recovery code");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(jar))?.user.id).toBe(user.id);
    expect(jar.get(TICKET_COOKIE)).toBeUndefined();
  });

  it("comes back to the code's form with the message after a wrong code, and to the recovery form after a wrong recovery code", async () => {
    const user = await createTestUser();
    await enableTotp(user.id);
    const [recoveryCode = ""] = await issueRecoveryCodes(user.id);
    const jar = new CookieJar();
    const landing = (await passwordStepWithoutJs(user, jar)) ?? "";

    const wrong = await postSecondStep(landing, jar, { code: "000000" });
    const back = await landingOf(wrong.response, jar);
    expect(back).toBe("/auth/two-factor?error=INVALID_TWO_FACTOR_CODE&callbackUrl=%2Fsettings");
    const shown = await renderPage(twoFactorPage, back ?? "", jar);
    expect(shown.html).toMatch(/<p role="alert"[^>]*>That code is not right\./);

    const recoveryPage = "/auth/two-factor?method=recovery&callbackUrl=%2Fsettings";
    const wrongRecovery = await postSecondStep(recoveryPage, jar, { recoveryCode: "aaaa-bbbb-cccc-dddd" });
    const backToRecovery = await landingOf(wrongRecovery.response, jar);
    expect(backToRecovery).toBe("/auth/two-factor?error=INVALID_RECOVERY_CODE&callbackUrl=%2Fsettings&method=recovery");
    const recoveryForm = await renderPage(twoFactorPage, backToRecovery ?? "", jar);
    expect(tagAttributes(recoveryForm.html, "input", 'name="recoveryCode"')).toBeTruthy();

    const { response } = await postSecondStep(recoveryPage, jar, { recoveryCode });
    expect(response.headers.get("location")).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  it("sends a browser whose sign-in has ended back to the sign-in page, saying so", async () => {
    const jar = new CookieJar();
    const { response } = await postSecondStep("/auth/two-factor?callbackUrl=%2Fsettings", jar, { code: "123456" });
    const back = await landingOf(response, jar);
    expect(back).toBe("/auth/signin?error=TWO_FACTOR_EXPIRED&callbackUrl=%2Fsettings");
    const page = await renderPage(signinPage, back ?? "", jar);
    expect(page.html).toContain("That sign-in has ended");
  });
});
