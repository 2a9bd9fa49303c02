/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import * as passwordRoute from "@/pages/api/user/password";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, getSession, jarForUser, rewriteSessionToken, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

const NEW_PASSWORD = "Brand-new-Passphrase-2026";

const mailServer = smtpServerForThisFile();

afterEach(async () => {
  await emailWorkSettled();
  await flushAuthEvents();
});

/** The subjects of every mail `email` has received so far, once the app's mail work is done. */
async function subjectsTo(email: string): Promise<string[]> {
  await emailWorkSettled();
  return mailServer.current().mailsTo(email).map((mail) => mail.subject);
}

function change(jar: CookieJar, json: unknown, headers: Record<string, string> = { origin: APP_ORIGIN }) {
  return callRoute<{ error?: { code: string; fields?: Record<string, string[]> } }>(passwordRoute, {
    method: "POST",
    jar,
    json,
    headers,
  });
}

describe("POST /api/user/password", () => {
  it("changes the password, signs out every other device and keeps this one signed in", async () => {
    const user = await createTestUser();
    const laptop = new CookieJar();
    const phone = new CookieJar();
    await signIn(laptop, { email: user.email, password: user.password });
    await signIn(phone, { email: user.email, password: user.password });

    const res = await change(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);

    expect(await getSession(phone)).toBeNull();
    expect((await getSession(laptop))?.user.id).toBe(user.id);
    expect((await getSession(laptop))?.user.id).toBe(user.id);
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(1);

    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(new CookieJar(), { email: user.email, password: NEW_PASSWORD })).error).toBeNull();

    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "password.changed" })).toBe(1);
    expect(await subjectsTo(user.email)).toContain("Your KeyForge password was changed");
  });

  it("refuses a wrong current password with 400 and changes nothing", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    const before = await (await usersCollection()).findOne({ _id: user._id });

    const res = await change(jar, { currentPassword: "not-my-password", newPassword: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "WRONG_PASSWORD", fields: { currentPassword: ["Your current password is incorrect"] } });
    const after = await (await usersCollection()).findOne({ _id: user._id });
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(after?.sessionVersion).toBe(0);
  });

  it("refuses a new password equal to the current one with 400, and changes nothing: no sign-outs, no event, no mail", async () => {
    const user = await createTestUser();
    const laptop = new CookieJar();
    const phone = new CookieJar();
    await signIn(laptop, { email: user.email, password: user.password });
    await signIn(phone, { email: user.email, password: user.password });
    const before = await (await usersCollection()).findOne({ _id: user._id });
    const mailsBefore = await subjectsTo(user.email);

    const res = await change(laptop, { currentPassword: user.password, newPassword: user.password });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: "VALIDATION_FAILED",
        message: "Some fields are invalid",
        fields: { newPassword: ["Choose a password different from your current one"] },
      },
    });

    expect(await (await usersCollection()).findOne({ _id: user._id })).toEqual(before);
    expect((await getSession(phone))?.user.id).toBe(user.id);
    expect((await getSession(laptop))?.user.id).toBe(user.id);
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(2);
    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "password.changed" })).toBe(0);
    expect(await subjectsTo(user.email)).toEqual(mailsBefore);
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
  });

  it("says nothing about the new password until the current one is right", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });

    // The same answer whether or not the guess happens to equal the new password.
    for (const guess of ["not-my-password", "also-not-my-password"]) {
      const res = await change(jar, { currentPassword: guess, newPassword: guess });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "WRONG_PASSWORD", fields: { currentPassword: ["Your current password is incorrect"] } });
      expect(Object.keys(res.body.error?.fields ?? {})).toEqual(["currentPassword"]);
    }
  });

  it("applies the password policy to the new password", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    for (const newPassword of ["short", "password123", user.email]) {
      const res = await change(jar, { currentPassword: user.password, newPassword });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error?.fields ?? {})).toEqual(["newPassword"]);
    }
  });

  it("lets an account without a password (OAuth) set a first one", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({ name: "Octo", email: "octo@example.com", emailVerified: new Date() });
    const jar = await jarForUser(insertedId.toString());
    expect((await getSession(jar))?.user.email).toBe("octo@example.com");

    expect((await change(jar, { newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await signIn(new CookieJar(), { email: "octo@example.com", password: NEW_PASSWORD })).error).toBeNull();
  });

  it("locks out a run of wrong current passwords like sign-in does", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    for (let attempt = 0; attempt < 5; attempt++) await change(jar, { currentPassword: "guess-guess", newPassword: NEW_PASSWORD });
    const locked = await change(jar, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(locked.status).toBe(429);
  });

  it("clears the attempt count after a successful change", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    for (let attempt = 0; attempt < 4; attempt++) await change(jar, { currentPassword: "guess-guess", newPassword: NEW_PASSWORD });
    expect((await change(jar, { currentPassword: user.password, newPassword: NEW_PASSWORD })).status).toBe(204);
    for (let attempt = 0; attempt < 4; attempt++) await change(jar, { currentPassword: "guess-guess", newPassword: user.password });
    expect((await change(jar, { currentPassword: NEW_PASSWORD, newPassword: "Third-Passphrase-of-2026" })).status).toBe(204);
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await change(new CookieJar(), { newPassword: NEW_PASSWORD })).status).toBe(401);
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    const res = await change(jar, { currentPassword: user.password, newPassword: NEW_PASSWORD }, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });

  it("rotates this device's session too: the caller gets a fresh cookie, a copy of the old one is signed out", async () => {
    const user = await createTestUser();
    const laptop = new CookieJar();
    await signIn(laptop, { email: user.email, password: user.password });
    const stolenCopy = laptop.clone();
    const oldDevice = (await getSession(laptop))?.deviceSessionId;

    const res = await change(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`) && /HttpOnly/i.test(line))).toBe(true);

    const session = await getSession(laptop);
    expect(session?.user.id).toBe(user.id);
    expect(session?.deviceSessionId).toBeTruthy();
    expect(session?.deviceSessionId).not.toBe(oldDevice);
    expect(await getSession(stolenCopy)).toBeNull();
    const devices = await (await rawCollection("sessions")).find({ userId: user._id }).toArray();
    expect(devices.map((device) => device._id.toString())).toEqual([session?.deviceSessionId]);
  });

  it("asks for a recent sign-in before setting a first password (403 REAUTH_REQUIRED), and changes nothing", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({ name: "Old", email: "old-oauth@example.com", emailVerified: new Date() });
    const jar = await jarForUser(insertedId.toString());
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 11 * 60 * 1000 }));

    const res = await change(jar, { newPassword: NEW_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("REAUTH_REQUIRED");
    expect((await (await usersCollection()).findOne({ _id: insertedId }))?.passwordHash).toBeUndefined();
  });
});
