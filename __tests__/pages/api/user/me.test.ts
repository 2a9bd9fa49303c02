import * as meRoute from "@/pages/api/user/me";
import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";
import { CookieJar, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";

describe("GET /api/user/me", () => {
  it("answers 401 JSON when signed out", async () => {
    const res = await callRoute(meRoute);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue" } });
  });

  it("still knows the user when the browser holds a callback-url cookie NextAuth cannot parse", async () => {
    const { user, jar } = await signedInUser();
    jar.set("next-auth.callback-url", "garbage");
    const res = await callRoute(meRoute, { jar });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: user.id } });
  });

  it("returns the signed-in user without the hash, marked private and uncacheable", async () => {
    const { user, jar } = await signedInUser();
    const res = await callRoute(meRoute, { jar });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toEqual({
      user: {
        id: user.id,
        name: expect.any(String),
        email: user.email,
        image: null,
        role: "user",
        emailVerified: expect.any(String),
        createdAt: expect.any(String),
        hasPassword: true,
      },
    });
    expect(res.text).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it("answers other methods with 405", async () => {
    const res = await callRoute(meRoute, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });

  it("ignores a forged session cookie", async () => {
    const jar = new CookieJar();
    jar.set("next-auth.session-token", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.token.value.x");
    expect((await callRoute(meRoute, { jar })).status).toBe(401);
  });
});

describe("withAuth with a required role", () => {
  const adminOnly = { default: apiRoute({ GET: withAuth(() => json(200, { ok: true }), { role: "admin" }) }) };

  it("answers 401 signed out, 403 for a user, 200 for an admin", async () => {
    expect((await callRoute(adminOnly)).status).toBe(401);

    const user = await signedInUser({ role: "user" });
    const forbidden = await callRoute(adminOnly, { jar: user.jar });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: "FORBIDDEN" } });

    const admin = await signedInUser({ role: "admin" });
    expect((await callRoute(adminOnly, { jar: admin.jar })).status).toBe(200);
  });
});
