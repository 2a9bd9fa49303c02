import * as nextAuthRoute from "@/pages/api/auth/[...nextauth]";
import { CookieJar, nextAuth } from "../../../helpers/auth";
import { send } from "../../../helpers/fuzz";
import { createTestUser } from "../../../helpers/users";

/**
 * Input NextAuth itself answers with a 500 ("There is a problem with the server
 * configuration", logged as an error): found by __tests__/pages/api/fuzz.test.ts.
 * A client's mistake is a 4xx, or is ignored.
 */
describe("NextAuth's endpoints and a client's bad input", () => {
  it.each([
    ["not a URL", ">cX56*O="],
    ["a bare word", "garbage"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["given twice", ["/a", "/b"]],
  ])("treat a callbackUrl in the query that is %s as absent", async (_label, callbackUrl) => {
    const query = new URLSearchParams([callbackUrl].flat().map((value) => ["callbackUrl", value])).toString();
    for (const action of ["session", "csrf", "providers"]) {
      const res = await send(nextAuthRoute, { method: "GET", query, params: { nextauth: [action] } });
      expect(res.status).toBe(200);
    }
  });

  it("ignores a callback-url cookie that is not a URL, instead of failing every request", async () => {
    const jar = new CookieJar();
    jar.set("next-auth.callback-url", "garbage");
    const res = await nextAuth("session", { jar });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it("keeps a valid callbackUrl working", async () => {
    for (const callbackUrl of ["/settings", "http://localhost:3000/settings"]) {
      const res = await send(nextAuthRoute, { method: "GET", query: `callbackUrl=${encodeURIComponent(callbackUrl)}`, params: { nextauth: ["csrf"] } });
      expect(res.status).toBe(200);
    }
  });

  it("does not echo a huge callbackUrl into a cookie or a Location header (a proxy would answer 502)", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const callbackUrl = `/${"x".repeat(20_000)}`;
    for (const password of ["wrong-password", user.password]) {
      const res = await nextAuth("callback/credentials", { method: "POST", jar, form: { email: user.email, password, csrfToken, callbackUrl } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")?.length).toBeLessThan(4096);
      for (const cookie of res.headers.getSetCookie()) expect(cookie.length).toBeLessThan(4096);
    }
  });

  it("answers 405 with Allow: POST to a GET of the credentials callback", async () => {
    const res = await nextAuth("callback/credentials");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.body).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
  });
});
