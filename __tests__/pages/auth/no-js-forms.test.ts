import * as nextAuthRoute from "@/pages/api/auth/[...nextauth]";
import * as errorPage from "@/pages/auth/error";
import * as signinPage from "@/pages/auth/signin";
import * as signupPage from "@/pages/auth/signup";
import { APP_ORIGIN, CookieJar, getSession, nextAuth } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { renderPage, tagAttributes } from "../../helpers/pages";
import { createTestUser } from "../../helpers/users";

/**
 * The sign-in and sign-up pages as a browser without JavaScript gets them:
 * getServerSideProps, then the server-rendered HTML, whose forms must work on
 * their own (POST, a real action, a CSRF token NextAuth accepts).
 */

/** The token half of a CSRF cookie (`token|hash`, URL-encoded in Set-Cookie as NextAuth writes it). */
const cookieToken = (value: string | undefined) => decodeURIComponent(value ?? "").split("|")[0];

const decode = (value: string | undefined) => (value ?? "").replaceAll("&amp;", "&").replaceAll("&quot;", '"');

describe("the sign-in page without JavaScript", () => {
  it("posts to NextAuth's credentials callback with a CSRF token valid for the cookie it sets", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    const page = await renderPage(signinPage, "/auth/signin?callbackUrl=%2Fsettings", jar);

    const cookie = page.setCookies.find((line) => line.startsWith("next-auth.csrf-token="));
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);

    expect(tagAttributes(page.html, "form", "method=")).toMatchObject({
      method: "post",
      action: "/api/auth/callback/credentials",
    });
    const csrfToken = tagAttributes(page.html, "input", 'name="csrfToken"');
    expect(csrfToken).toMatchObject({ type: "hidden", value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(cookieToken(jar.get("next-auth.csrf-token"))).toBe(csrfToken?.value);
    expect(tagAttributes(page.html, "input", 'name="callbackUrl"')).toMatchObject({ type: "hidden", value: "/settings" });

    // What the browser then sends: the form, url-encoded, with the cookie. NextAuth accepts it and redirects.
    const form = { email: user.email, password: user.password, csrfToken: csrfToken?.value ?? "", callbackUrl: "/settings" };
    const signIn = await nextAuth("callback/credentials", { method: "POST", form, jar });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(jar))?.user.email).toBe(user.email);
  });

  it("keeps a valid NextAuth CSRF cookie and replaces a forged one", async () => {
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const kept = await renderPage(signinPage, "/auth/signin", jar);
    expect(kept.setCookies.filter((line) => line.includes("csrf-token"))).toEqual([]);
    expect(tagAttributes(kept.html, "input", 'name="csrfToken"')?.value).toBe(csrfToken);

    jar.set("next-auth.csrf-token", `${"a".repeat(64)}|${"b".repeat(64)}`);
    const replaced = await renderPage(signinPage, "/auth/signin", jar);
    const token = tagAttributes(replaced.html, "input", 'name="csrfToken"')?.value;
    expect(token).not.toBe("a".repeat(64));
    // NextAuth itself now accepts the cookie: it hands out the same token and sets no other.
    const check = await nextAuth("csrf", { jar });
    expect((check.body as { csrfToken: string }).csrfToken).toBe(token);
    expect(check.headers.getSetCookie().filter((line) => line.includes("csrf-token"))).toEqual([]);
  });

  it("after a refused form sign-in, lands back on the sign-in page with the message, server-rendered", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    const page = await renderPage(signinPage, "/auth/signin?callbackUrl=%2Fsettings", jar);
    const csrfToken = tagAttributes(page.html, "input", 'name="csrfToken"')?.value ?? "";
    const form = { email: user.email, password: "wrong-password-1", csrfToken, callbackUrl: "/settings" };

    const refused = await nextAuth("callback/credentials", { method: "POST", form, jar });
    const toError = new URL(refused.headers.get("location") ?? "", APP_ORIGIN);
    expect(toError.pathname).toBe("/api/auth/error");
    const error = toError.searchParams.get("error") ?? "";
    const errorRoute = await callRoute(nextAuthRoute, { jar, params: { nextauth: ["error"], error } });
    const errorPageUrl = errorRoute.headers.get("location") ?? "";
    expect(errorPageUrl).toBe("/auth/error?error=INVALID_CREDENTIALS");

    const bounced = await renderPage(errorPage, errorPageUrl, jar);
    expect(bounced.redirect).toBe("/auth/signin?error=INVALID_CREDENTIALS&callbackUrl=%2Fsettings");
    const again = await renderPage(signinPage, bounced.redirect ?? "", jar);
    expect(again.html).toMatch(/<p role="alert"[^>]*>Invalid email or password<\/p>/);
    expect(again.html).not.toContain("wrong-password-1");
  });

  it("shows the account-created notice", async () => {
    const page = await renderPage(signinPage, "/auth/signin?created=1", new CookieJar());
    expect(page.html).toMatch(/<p role="status"[^>]*>Your account is ready\. Sign in to continue\.<\/p>/);
  });

  it("keeps other errors on the error page", async () => {
    const page = await renderPage(errorPage, "/auth/error?error=OAuthAccountNotLinked", new CookieJar());
    expect(page.redirect).toBeNull();
    expect(page.html).toContain("That account is already connected to another KeyForge account.");
  });
});

describe("the sign-up page without JavaScript", () => {
  it("posts the form to /api/auth/signup with the callbackUrl and a CSRF token", async () => {
    const jar = new CookieJar();
    const page = await renderPage(signupPage, "/auth/signup?callbackUrl=%2Fsettings", jar);
    expect(tagAttributes(page.html, "form", "method=")).toMatchObject({ method: "post", action: "/api/auth/signup" });
    expect(tagAttributes(page.html, "input", 'name="callbackUrl"')).toMatchObject({ type: "hidden", value: "/settings" });
    const csrfToken = tagAttributes(page.html, "input", 'name="csrfToken"')?.value;
    expect(cookieToken(jar.get("next-auth.csrf-token"))).toBe(csrfToken);
  });

  it("shows a taken email next to the email field", async () => {
    const page = await renderPage(signupPage, "/auth/signup?error=EMAIL_TAKEN&invalid=email", new CookieJar());
    const email = tagAttributes(page.html, "input", 'name="email"');
    expect(email).toMatchObject({ "aria-invalid": "true", "aria-describedby": "field-email-error" });
    expect(page.html).toMatch(
      /<p id="field-email-error"[^>]*>An account with this email already exists\. <a href="\/auth\/signin\?callbackUrl=%2F">Sign in instead<\/a><\/p>/,
    );
  });

  it("shows the password rules next to an invalid password, and a form message", async () => {
    const page = await renderPage(signupPage, "/auth/signup?error=VALIDATION_FAILED&invalid=password", new CookieJar());
    expect(tagAttributes(page.html, "input", 'name="password"')).toMatchObject({ "aria-invalid": "true" });
    expect(tagAttributes(page.html, "input", 'name="email"')).toMatchObject({ "aria-invalid": "false" });
    const message = page.html.match(/<p id="field-password-error"[^>]*>([^<]*)<\/p>/)?.[1];
    expect(decode(message)).toMatch(/8 to 72 characters.*common.*email/i);
    expect(page.html).toMatch(/<p role="alert"[^>]*>Some fields are invalid/);
  });

  it("ignores field names it does not know", async () => {
    const page = await renderPage(signupPage, "/auth/signup?error=VALIDATION_FAILED&invalid=__proto__,constructor,role", new CookieJar());
    expect(page.html).not.toMatch(/field-(__proto__|constructor|role)-error/);
  });
});
