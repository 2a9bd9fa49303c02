import * as signupRoute from "@/pages/api/auth/signup";
import { APP_ORIGIN, signUp } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { GOOD_PASSWORD, usersCollection } from "../../../helpers/users";

const valid = { name: "  Ada   Lovelace ", email: "Ada@Example.com", password: GOOD_PASSWORD };

async function userCount(): Promise<number> {
  return (await usersCollection()).countDocuments({});
}

describe("POST /api/auth/signup", () => {
  it("creates the user and answers 201 with id, name and email only", async () => {
    const res = await signUp(valid);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ user: { id: expect.stringMatching(/^[0-9a-f]{24}$/), name: "Ada Lovelace", email: "ada@example.com" } });
    expect(res.text).not.toMatch(/\$2[aby]\$/);

    const stored = await (await usersCollection()).findOne({ email: "ada@example.com" });
    expect(stored).toMatchObject({ name: "Ada Lovelace", role: "user", sessionVersion: 0 });
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(stored?.passwordHash).not.toContain(GOOD_PASSWORD);
  });

  it("answers 409 EMAIL_TAKEN for an existing email in any letter case or width", async () => {
    for (const email of ["ADA@example.com", "ada＠example.com", " ada@EXAMPLE.com "]) {
      const res = await signUp({ ...valid, email });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "EMAIL_TAKEN" });
    }
    expect(await userCount()).toBe(1);
  });

  it("stores a Unicode domain in its ASCII (punycode) spelling, so both spellings are one account", async () => {
    const created = await signUp({ ...valid, email: "user@bücher.example" });
    expect(created.status).toBe(201);
    expect(created.body.user?.email).toBe("user@xn--bcher-kva.example");
    for (const email of ["user@xn--bcher-kva.example", "USER@BÜCHER.example", "user@XN--BCHER-KVA.example"]) {
      const res = await signUp({ ...valid, email });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "EMAIL_TAKEN" });
    }
    expect(await (await usersCollection()).countDocuments({ email: "user@xn--bcher-kva.example" })).toBe(1);
  });

  it("lets the unique index settle two identical racing requests: one 201, one 409, never 500", async () => {
    const input = { name: "Twin", email: "twin@example.com", password: GOOD_PASSWORD };
    const statuses = (await Promise.all([signUp(input), signUp(input), signUp(input)])).map((res) => res.status);
    expect(statuses.sort()).toEqual([201, 409, 409]);
    expect(await (await usersCollection()).countDocuments({ email: "twin@example.com" })).toBe(1);
  });

  it("ignores unknown keys and never writes them", async () => {
    const res = await signUp({ ...valid, email: "mallory@example.com", role: "admin", isAdmin: true, sessionVersion: 9 } as never);
    expect(res.status).toBe(201);
    const stored = await (await usersCollection()).findOne({ email: "mallory@example.com" });
    expect(stored?.role).toBe("user");
    expect(stored?.sessionVersion).toBe(0);
    expect(stored).not.toHaveProperty("isAdmin");
  });
});

describe("POST /api/auth/signup with bad input changes nothing", () => {
  let before = 0;
  beforeEach(async () => {
    before = await userCount();
  });
  afterEach(async () => {
    expect(await userCount()).toBe(before);
  });

  it.each([
    ["missing fields", {}, ["name", "email", "password"]],
    ["an operator object for email", { ...valid, email: { $gt: "" } }, ["email"]],
    ["an array for the name", { ...valid, name: ["a"] }, ["name"]],
    ["a malformed email", { ...valid, email: "not-an-email" }, ["email"]],
    ["a domain that is no host name", { ...valid, email: "ada@exa%41mple.com" }, ["email"]],
    ["a domain with a path in it", { ...valid, email: "ada@evil.example/x.com" }, ["email"]],
    ["a domain that is an address", { ...valid, email: "ada@1.2.3.0x10" }, ["email"]],
    ["an invalid punycode label", { ...valid, email: "ada@xn--a.example" }, ["email"]],
    ["a domain with an invisible joiner", { ...valid, email: "ada@b\u200dücher.example" }, ["email"]],
    ["a short password", { ...valid, password: "short" }, ["password"]],
    ["a password of 73 bytes", { ...valid, password: `${"é".repeat(36)}x` }, ["password"]],
    ["a password equal to the email", { ...valid, email: "ned@example.com", password: "ned@example.com" }, ["password"]],
    ["a common password", { ...valid, email: "common@example.com", password: "password123" }, ["password"]],
  ])("answers 400 with field errors for %s", async (_label, body, fields) => {
    const res = await signUp(body as Record<string, unknown>);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(Object.keys(res.body.error?.fields ?? {}).sort()).toEqual([...fields].sort());
  });

  it("explains a common password", async () => {
    const res = await signUp({ ...valid, email: "c2@example.com", password: "qwertyuiop" });
    expect(res.body.error?.fields?.password?.[0]).toMatch(/common/i);
  });

  it("answers 400 for broken JSON and 415 for another content type", async () => {
    const broken = await callRoute(signupRoute, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: "BAD_REQUEST" } });

    // A form post is the no-JavaScript sign-up (signup-form.test.ts); anything else but JSON is refused.
    const text = await callRoute(signupRoute, {
      method: "POST",
      body: JSON.stringify(valid),
      headers: { "content-type": "text/plain", origin: APP_ORIGIN },
    });
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
  });

  it("answers 413 for a body over 16 kB", async () => {
    const res = await signUp({ ...valid, email: "big@example.com", name: "x".repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers 405 with Allow: POST for other methods", async () => {
    const res = await callRoute(signupRoute, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.body).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
  });

  it("answers 403 to a cross-site request", async () => {
    const foreign = await signUp({ ...valid, email: "csrf@example.com" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: "CROSS_SITE_REQUEST" });

    const fetchSite = await signUp({ ...valid, email: "csrf@example.com" }, { "sec-fetch-site": "cross-site" });
    expect(fetchSite.status).toBe(403);
  });
});
