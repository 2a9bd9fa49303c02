/** @jest-environment-options {"env": {"NODE_ENV": "production", "LOG_LEVEL": "warn", "EMAIL_SERVER": "smtp://127.0.0.1:9", "EMAIL_FROM": "no-reply@keyforge.test"}} */
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { APP_ORIGIN, CookieJar, getSession, nextAuth } from "../../helpers/auth";
import { createTestUser } from "../../helpers/users";

/**
 * This file runs with NODE_ENV=production (the validated environment says
 * production), on the tests' http://localhost NEXTAUTH_URL, like a production
 * build served locally: NextAuth's cookies must still be Secure and prefixed.
 */
describe("session cookies in production", () => {
  it("a sign-in sets __Secure-next-auth.session-token, Secure and HttpOnly, and the server reads it back", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    const csrf = await nextAuth("csrf", { jar });
    expect(csrf.headers.getSetCookie().join("\n")).toMatch(/^__Host-next-auth\.csrf-token=[^;]+;.*\bSecure\b/m);
    const { csrfToken } = csrf.body as { csrfToken: string };
    const response = await nextAuth("callback/credentials", {
      method: "POST",
      jar,
      form: { email: user.email, password: user.password, csrfToken, callbackUrl: `${APP_ORIGIN}/`, json: "true" },
    });
    const session = response.headers.getSetCookie().find((line) => line.includes("session-token="));
    expect(session).toMatch(/^__Secure-next-auth\.session-token=[^;]+;/);
    const attributes = session!.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "path=/", "samesite=lax"]));
    expect(jar.get("next-auth.session-token")).toBeUndefined();

    expect((await getSession(jar))?.user.email).toBe(user.email);
    // The sign-in redirect in proxy.ts reads the same cookie name.
    const page = await proxy(new NextRequest(`${APP_ORIGIN}/settings`, { headers: { cookie: jar.header() } }));
    expect(page.headers.get("location")).toBeNull();
  });
});
