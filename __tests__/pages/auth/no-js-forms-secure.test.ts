/** @jest-environment-options {"env": {"NODE_ENV": "production", "LOG_LEVEL": "warn", "EMAIL_SERVER": "smtp://127.0.0.1:9", "EMAIL_FROM": "no-reply@keyforge.test"}} */
import * as signinPage from "@/pages/auth/signin";
import { CookieJar, nextAuth } from "../../helpers/auth";
import { renderPage, tagAttributes } from "../../helpers/pages";

describe("the sign-in page without JavaScript, with secure cookies (production)", () => {
  it("sets NextAuth's __Host- CSRF cookie with Secure, and NextAuth accepts its token", async () => {
    const jar = new CookieJar();
    const page = await renderPage(signinPage, "/auth/signin", jar);
    const cookie = page.setCookies.find((line) => line.startsWith("__Host-next-auth.csrf-token="));
    expect(cookie).toMatch(/; Secure/i);
    expect(jar.get("next-auth.csrf-token")).toBeUndefined();
    const check = await nextAuth("csrf", { jar });
    expect((check.body as { csrfToken: string }).csrfToken).toBe(tagAttributes(page.html, "input", 'name="csrfToken"')?.value);
    expect(check.headers.getSetCookie().filter((line) => line.includes("csrf-token"))).toEqual([]);
  });
});
