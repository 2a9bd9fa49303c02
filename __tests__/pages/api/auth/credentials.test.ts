/** @jest-environment-options {"env": {"BCRYPT_COST": "11"}} */
import bcrypt from "bcryptjs";
import { authorizeCredentials } from "@/lib/auth/authorize";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, getSession, nextAuth, signIn } from "../../../helpers/auth";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

const context = { ip: "127.0.0.1", userAgent: "jest", cookies: {}, setCookie() {} };

describe("sign-in through NextAuth's credentials endpoint", () => {
  it("sets an httpOnly session cookie and exposes id, role, name and email on the session", async () => {
    const user = await createTestUser({ name: "Grace" });
    const jar = new CookieJar();
    const result = await signIn(jar, { email: user.email.toUpperCase(), password: user.password }, { "user-agent": "Firefox/130" });
    expect(result).toMatchObject({ status: 200, error: null, url: `${APP_ORIGIN}/` });
    expect(jar.get(SESSION_COOKIE)).toBeTruthy();

    const session = await getSession(jar);
    expect(session?.user).toEqual({ id: user.id, role: "user", name: "Grace", email: user.email, image: null, emailVerified: true });
    expect(JSON.stringify(session)).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it("signs in with either spelling of an internationalized domain", async () => {
    const user = await createTestUser({ email: "grace@bücher.example" });
    for (const email of ["grace@bücher.example", "grace@xn--bcher-kva.example"]) {
      const result = await signIn(new CookieJar(), { email, password: user.password });
      expect(result).toMatchObject({ status: 200, error: null });
    }
  });

  it("marks the cookie httpOnly and SameSite=Lax", async () => {
    const user = await createTestUser();
    const csrf = await nextAuth("csrf", { jar: new CookieJar() });
    const jar = new CookieJar();
    jar.store(new Response(null, { headers: { "set-cookie": csrf.headers.getSetCookie().join(", ") } }));
    const { csrfToken } = csrf.body as { csrfToken: string };
    const res = await nextAuth("callback/credentials", {
      method: "POST",
      jar,
      form: { email: user.email, password: user.password, csrfToken, json: "true" },
    });
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("records a device session with the user agent and IP, and deletes it on sign-out", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password }, { "user-agent": "Mozilla/5.0 TestBrowser" });
    const sessions = await rawCollection("sessions");
    const device = await sessions.findOne({ userId: user._id });
    expect(device).toMatchObject({ userAgent: "Mozilla/5.0 TestBrowser", ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(device?.expires.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    await nextAuth("signout", { method: "POST", jar, form: { csrfToken, json: "true" } });
    expect(await sessions.countDocuments({ userId: user._id })).toBe(0);
    expect(await getSession(jar)).toBeNull();
  });

  it("gives a wrong password and an unknown email the same answer, and no cookie", async () => {
    const user = await createTestUser();
    const wrongPassword = new CookieJar();
    const unknownEmail = new CookieJar();
    const a = await signIn(wrongPassword, { email: user.email, password: "not-the-password" });
    const b = await signIn(unknownEmail, { email: "nobody@example.com", password: "not-the-password" });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.error).toBe("INVALID_CREDENTIALS");
    expect(b.error).toBe("INVALID_CREDENTIALS");
    expect(wrongPassword.get(SESSION_COOKIE)).toBeUndefined();
    expect(unknownEmail.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("refuses operator objects and arrays as credentials", async () => {
    await createTestUser({ email: "target@example.com" });
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const res = await nextAuth("callback/credentials", {
      method: "POST",
      jar,
      json: { email: { $gt: "" }, password: { $gt: "" }, csrfToken, json: "true" },
    });
    expect(res.status).toBe(401);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(await authorizeCredentials({ email: ["target@example.com"], password: "x" }, context)).toBeNull();
  });

  it("keeps the post-sign-in redirect on this site", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    const res = await nextAuth("callback/credentials", {
      method: "POST",
      jar,
      form: { email: user.email, password: user.password, csrfToken, callbackUrl: "https://evil.example/phish", json: "true" },
    });
    expect((res.body as { url: string }).url).toBe(`${APP_ORIGIN}/`);
  });

  it("upgrades a hash made at a lower cost on the next successful sign-in", async () => {
    const users = await usersCollection();
    await users.insertOne({ email: "old@example.com", name: "Old", passwordHash: bcrypt.hashSync("Old-hash-Pa55word", 10) });
    const result = await signIn(new CookieJar(), { email: "old@example.com", password: "Old-hash-Pa55word" });
    expect(result.error).toBeNull();
    const stored = await users.findOne({ email: "old@example.com" });
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(bcrypt.compareSync("Old-hash-Pa55word", stored?.passwordHash as string)).toBe(true);
  });

  it("tells a disabled account what to do, only after the right password", async () => {
    const user = await createTestUser();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    expect((await signIn(new CookieJar(), { email: user.email, password: "wrong-password" })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("ACCOUNT_DISABLED");
  });

  it("refuses a password over 72 bytes, which bcrypt would cut to its first 72", async () => {
    const password = `${"Lantern-harbor-".repeat(4)}violet-42-x`.padEnd(72, "z");
    const user = await createTestUser({ password });
    expect(Buffer.byteLength(password)).toBe(72);
    expect((await signIn(new CookieJar(), { email: user.email, password: `${password}anything` })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(new CookieJar(), { email: user.email, password })).error).toBeNull();
  });
});

describe("POST /api/auth/_log (NextAuth's client logger)", () => {
  afterEach(() => jest.restoreAllMocks());

  it("lets no anonymous client write a line into the server log", async () => {
    const { log } = await import("@/lib/core/log");
    const written = [jest.spyOn(log, "error"), jest.spyOn(log, "warn"), jest.spyOn(log, "info")];
    for (const level of ["error", "warn", "debug"]) {
      const res = await nextAuth("_log", {
        method: "POST",
        form: { level, code: "FAKE_BREACH", message: "attacker-controlled line" },
      });
      expect(res.status).toBeLessThan(300);
    }
    for (const spy of written) expect(spy).not.toHaveBeenCalled();
  });
});
