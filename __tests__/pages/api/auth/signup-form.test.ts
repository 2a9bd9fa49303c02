import * as signupRoute from "@/pages/api/auth/signup";
import { APP_ORIGIN, getSession, nextAuth } from "../../../helpers/auth";
import { CookieJar, callRoute } from "../../../helpers/http";
import { GOOD_PASSWORD, usersCollection } from "../../../helpers/users";

/**
 * `POST /api/auth/signup` as a browser without JavaScript sends it: an
 * application/x-www-form-urlencoded body, answered with redirects a person can
 * follow, never with the password in a URL.
 */

const sameOrigin = { origin: APP_ORIGIN, "sec-fetch-site": "same-origin" };

function postForm(form: Record<string, string>, options: { jar?: CookieJar; headers?: Record<string, string> } = {}) {
  return callRoute(signupRoute, { method: "POST", form, jar: options.jar, headers: { ...sameOrigin, ...options.headers } });
}

async function userCount(): Promise<number> {
  return (await usersCollection()).countDocuments({});
}

const grace = { name: "Grace Hopper", email: "Grace@Example.com", password: GOOD_PASSWORD, callbackUrl: "/settings" };

describe("POST /api/auth/signup with a form body", () => {
  it("creates the user and sends the browser on to sign in, with a notice and the callbackUrl", async () => {
    const res = await postForm(grace);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/signin?created=1&callbackUrl=%2Fsettings");
    const stored = await (await usersCollection()).findOne({ email: "grace@example.com" });
    expect(stored).toMatchObject({ name: "Grace Hopper", role: "user" });
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$/);
  });

  it("with a valid CSRF token, hands the same POST to NextAuth (307), which signs the new user in", async () => {
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const form = { ...grace, email: "straight.in@example.com", csrfToken };

    const res = await postForm(form, { jar });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/api/auth/callback/credentials");

    // What the browser does with a 307: the same method and body, to the new location.
    const signIn = await nextAuth("callback/credentials", { method: "POST", form, jar });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(jar))?.user.email).toBe("straight.in@example.com");
  });

  it("does not hand over to NextAuth when the CSRF token does not match the cookie", async () => {
    const jar = new CookieJar();
    await nextAuth("csrf", { jar });
    const res = await postForm({ ...grace, email: "forged@example.com", csrfToken: "f".repeat(64) }, { jar });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/auth\/signin\?created=1/);
  });

  it("keeps the callbackUrl on this site", async () => {
    const res = await postForm({ ...grace, email: "offsite@example.com", callbackUrl: "https://evil.example/x" });
    expect(res.headers.get("location")).toBe("/auth/signin?created=1&callbackUrl=%2F");
  });

  it("sends a taken email back to the form with EMAIL_TAKEN, creating nothing", async () => {
    await postForm(grace);
    const before = await userCount();
    const res = await postForm({ ...grace, email: " GRACE@example.com " });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/signup?error=EMAIL_TAKEN&invalid=email&callbackUrl=%2Fsettings");
    expect(await userCount()).toBe(before);
  });

  it.each([
    ["a short password", { password: "short" }, "password"],
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["a common password", { email: "common@example.com", password: "password123" }, "password"],
    ["missing fields", { name: "", email: "", password: "" }, "name,email,password"],
  ])("sends %s back to the form with VALIDATION_FAILED, creating nothing and echoing nothing", async (_label, change, invalid) => {
    const before = await userCount();
    const form = { ...grace, ...change };
    const res = await postForm(form);
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toBe(`/auth/signup?error=VALIDATION_FAILED&invalid=${encodeURIComponent(invalid)}&callbackUrl=%2Fsettings`);
    if (form.password) expect(location).not.toContain(form.password);
    expect(location).not.toMatch(/grace|example\.com/i);
    expect(await userCount()).toBe(before);
  });

  it("sends a body over 16 kB back to the form with PAYLOAD_TOO_LARGE", async () => {
    const res = await postForm({ ...grace, email: "big@example.com", name: "x".repeat(17 * 1024) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/signup?error=PAYLOAD_TOO_LARGE&callbackUrl=%2F");
    expect(await (await usersCollection()).countDocuments({ email: "big@example.com" })).toBe(0);
  });

  it("answers a cross-site form post 403 and creates nothing", async () => {
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of foreign) {
      const res = await postForm({ ...grace, email: "csrf@example.com" }, { headers });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: "CROSS_SITE_REQUEST" } });
    }
    expect(await (await usersCollection()).countDocuments({ email: "csrf@example.com" })).toBe(0);
  });

  it("still answers 415 for a body that is neither JSON nor a form", async () => {
    for (const type of ["text/plain", "multipart/form-data; boundary=x"]) {
      const res = await callRoute(signupRoute, { method: "POST", body: "name=a", headers: { ...sameOrigin, "content-type": type } });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    }
  });
});
