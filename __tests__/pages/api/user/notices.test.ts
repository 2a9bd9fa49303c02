import * as noticesRoute from "@/pages/api/user/notices";
import * as passwordRoute from "@/pages/api/user/password";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import type { NoticeSettingsResponse } from "@/lib/notices/shared";
import { APP_ORIGIN, CookieJar, signIn, signUp, signedInUser } from "../../../helpers/auth";
import { saveTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { linkTo, smtpServerForThisFile } from "../../../helpers/mail";
import { GOOD_PASSWORD, createTestUser, usersCollection } from "../../../helpers/users";

/**
 * Security notices by email: which optional ones a user gets (GET/PATCH
 * /api/user/notices), and the mails that the actions behind them send.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const NEW_SIGN_IN = /^New sign-in to KeyForge$/;
const KEY_ADDED = /^A Together AI key was added to your KeyForge vault$/;

afterEach(async () => {
  await emailWorkSettled();
  await flushAuthEvents();
});

function settings(jar: CookieJar) {
  return callRoute<NoticeSettingsResponse & { error?: { code: string } }>(noticesRoute, { jar });
}

function update(jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<NoticeSettingsResponse & { error?: { code: string; fields?: Record<string, string[]> } }>(noticesRoute, {
    method: "PATCH",
    jar,
    json,
    headers,
  });
}

/** A password user whose account is an hour old, so a sign-in is not its sign-up. */
async function establishedUser() {
  const user = await createTestUser();
  await (await usersCollection()).updateOne({ _id: user._id }, { $set: { createdAt: new Date(Date.now() - 60 * 60 * 1000) } });
  return user;
}

async function subjectsTo(email: string): Promise<string[]> {
  await emailWorkSettled();
  return smtp().mailsTo(email).map((mail) => mail.subject);
}

describe("GET and PATCH /api/user/notices", () => {
  it("has every optional notice on by default", async () => {
    const { user, jar } = await signedInUser();
    const res = await settings(jar);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ notices: { newSignIn: true, apiKeyAdded: true }, email: user.email });
  });

  it("stores a change, and keeps the other setting", async () => {
    const { user, jar } = await signedInUser();

    const res = await update(jar, { newSignIn: false });

    expect(res.status).toBe(200);
    expect(res.body.notices).toEqual({ newSignIn: false, apiKeyAdded: true });
    expect((await settings(jar)).body.notices).toEqual({ newSignIn: false, apiKeyAdded: true });
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.preferences?.notices).toEqual({ newSignIn: false });

    expect((await update(jar, { apiKeyAdded: false, newSignIn: true })).body.notices).toEqual({ newSignIn: true, apiKeyAdded: false });
  });

  it("answers 400 to a bad body and changes nothing", async () => {
    const { user, jar } = await signedInUser();
    for (const json of [{}, { newSignIn: "no" }, { newSignIn: null }, { passwordChanged: false }, { newSignIn: false, admin: true }, [], "off"]) {
      const res = await update(jar, json);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("VALIDATION_FAILED");
    }
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.preferences?.notices).toBeUndefined();
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await settings(new CookieJar())).status).toBe(401);
    expect((await update(new CookieJar(), { newSignIn: false })).status).toBe(401);
    const { jar } = await signedInUser();
    expect((await update(jar, { newSignIn: false }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await settings(jar)).body.notices.newSignIn).toBe(true);
  });
});

describe("the new sign-in notice", () => {
  it("is mailed for a sign-in from a browser the account has not seen, naming it, and not again for that browser", async () => {
    const user = await establishedUser();
    const jar = new CookieJar();

    expect((await signIn(jar, { email: user.email, password: user.password }, { "user-agent": CHROME_ON_WINDOWS })).error).toBeNull();

    const mail = await smtp().waitForMail(user.email, { subject: NEW_SIGN_IN });
    expect(mail.text).toMatch(/Chrome 131 on Windows 10, from IP address \S+, on /);
    expect(mail.text).toContain("your email and password");
    const sessionsLink = linkTo(mail, "/settings/security");
    expect(sessionsLink.origin).toBe(APP_ORIGIN);
    expect(sessionsLink.hash).toBe("#sessions");

    // The browser now has the account's device cookie: signing in again from it is no news.
    expect((await signIn(jar, { email: user.email, password: user.password }, { "user-agent": CHROME_ON_WINDOWS })).error).toBeNull();
    expect(await subjectsTo(user.email)).toEqual(["New sign-in to KeyForge"]);
  });

  it("is not mailed when the user turned it off", async () => {
    const user = await establishedUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    await emailWorkSettled();
    expect((await update(jar, { newSignIn: false })).status).toBe(200);

    expect((await signIn(new CookieJar(), { email: user.email, password: user.password }, { "user-agent": CHROME_ON_WINDOWS })).error).toBeNull();

    expect(await subjectsTo(user.email)).toEqual(["New sign-in to KeyForge"]);
  });

  it("is not mailed for the sign-in right after sign-up, nor for a failed sign-in", async () => {
    const email = "just-signed-up@example.com";
    expect((await signUp({ name: "Newcomer", email, password: GOOD_PASSWORD })).status).toBe(201);
    expect((await signIn(new CookieJar(), { email, password: GOOD_PASSWORD }, { "user-agent": CHROME_ON_WINDOWS })).error).toBeNull();
    expect((await signIn(new CookieJar(), { email, password: "wrong-password-1" })).error).toBe("INVALID_CREDENTIALS");

    expect(await subjectsTo(email)).toEqual(["Confirm your email for KeyForge"]);
  });
});

describe("the API key notice", () => {
  it("is mailed when a key is added to the vault, not when it is replaced", async () => {
    const { user, jar } = await signedInUser();

    await saveTogetherKey(jar);

    const mail = await smtp().waitForMail(user.email, { subject: KEY_ADDED });
    expect(mail.text).toContain("A Together AI API key was added to your KeyForge vault");
    expect(linkTo(mail, "/settings/keys").hash).toBe("#api-keys");
    expect(mail.text).not.toContain("tgp_v1_");

    await saveTogetherKey(jar, "tgp_v1_AnotherOwnKey-0123456789abcdefXYZ");
    expect(await subjectsTo(user.email)).toEqual([mail.subject]);
  });

  it("is not mailed when the user turned it off", async () => {
    const { user, jar } = await signedInUser();
    expect((await update(jar, { apiKeyAdded: false })).status).toBe(200);

    await saveTogetherKey(jar);

    expect(await subjectsTo(user.email)).toEqual([]);
  });
});

describe("the password changed notice", () => {
  it("is always mailed, even with every optional notice off", async () => {
    const { user, jar } = await signedInUser();
    expect((await update(jar, { newSignIn: false, apiKeyAdded: false })).status).toBe(200);

    const changed = await callRoute(passwordRoute, {
      method: "POST",
      jar,
      json: { currentPassword: user.password, newPassword: "Silver-Orchard-73-compass" },
      headers: { ...ORIGIN, "user-agent": CHROME_ON_WINDOWS },
    });
    expect(changed.status).toBe(204);

    const mail = await smtp().waitForMail(user.email, { subject: /^Your KeyForge password was changed$/ });
    expect(mail.text).toContain("Chrome 131 on Windows 10");
    expect(mail.text).toContain("It cannot be turned off.");
    expect(linkTo(mail, "/auth/forgot-password").searchParams.get("email")).toBe(user.email);
    expect(await subjectsTo(user.email)).toEqual([mail.subject]);
  });
});
