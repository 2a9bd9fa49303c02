/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "EMAIL_MAX_PER_ADDRESS_PER_HOUR": "2", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import * as verificationRoute from "@/pages/api/user/email/verification";
import { forUser } from "@/lib/access";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { NEUTRAL_ANSWERS } from "@/lib/email-flows/shared";
import { log } from "@/lib/core/log";
import { updateApiKeys } from "@/lib/users";
import { UserModel } from "@/models/User";
import { APP_ORIGIN, CookieJar, getSession, signIn, signedInUser } from "../../../helpers/auth";
import { until } from "../../../helpers/hand-driven-timers";
import { callRoute } from "../../../helpers/http";
import { linkTo, smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * "Forgot password?" end to end: the request, the mail a real SMTP server
 * receives, and the link in it used on POST /api/auth/reset-password.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const NEW_PASSWORD = "Copper-Kettle-58-horizon";
const RESET_PAGE = "/auth/reset-password";
const RESET_SUBJECT = /^Reset your KeyForge password$/;

interface ErrorBody {
  error?: { code: string; message: string; fields?: Record<string, string[]> };
}

function forgot(json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ message?: string } & ErrorBody>(forgotPasswordRoute, { method: "POST", json, headers });
}

function reset(json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ email?: string; message?: string } & ErrorBody>(resetPasswordRoute, { method: "POST", json, headers });
}

/** Asks for a reset of `email` and returns the token of the link that arrives. */
async function resetTokenFor(email: string): Promise<string> {
  expect((await forgot({ email })).status).toBe(200);
  return tokenIn(await smtp().waitForMail(email, { subject: RESET_SUBJECT }), RESET_PAGE);
}

async function resetTokensOf(userId: unknown) {
  return (await rawCollection("verificationTokens")).find({ userId, purpose: "reset-password" }).toArray();
}

async function eventTypesOf(userId: unknown): Promise<string[]> {
  await flushAuthEvents();
  return (await (await rawCollection("authEvents")).find({ userId }).toArray()).map((event) => String(event.type));
}

/**
 * Runs `work` while every lookup of a user by email waits (UserModel.findOne,
 * as findUserByEmail makes it), and lets them go on once `lookups` of them
 * are waiting: whatever `work` saw happened before any lookup could finish.
 */
async function whileLookupsWait<T>(lookups: number, work: () => Promise<T>): Promise<T> {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  const findOne = UserModel.findOne.bind(UserModel);
  const held = jest.spyOn(UserModel, "findOne").mockImplementation((...args) => {
    const query = findOne(...args);
    const exec = query.exec.bind(query);
    query.exec = async () => {
      waiting += 1;
      await gate;
      return exec();
    };
    return query;
  });
  try {
    const result = await work();
    await until(() => waiting === lookups);
    return result;
  } finally {
    release();
    held.mockRestore();
  }
}

async function signsIn(email: string, password: string): Promise<string | null> {
  return (await signIn(new CookieJar(), { email, password })).error;
}


describe("POST /api/auth/forgot-password and POST /api/auth/reset-password", () => {
  it("mails a single-use link that sets a new password: the new one signs in, the old one no longer does", async () => {
    const user = await createTestUser();

    const asked = await forgot({ email: user.email });
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ message: NEUTRAL_ANSWERS.forgotPassword });

    const mail = await smtp().waitForMail(user.email, { subject: RESET_SUBJECT });
    const link = linkTo(mail, RESET_PAGE);
    expect(link.origin).toBe(APP_ORIGIN);
    expect(mail.html).toContain(link.href);
    const token = link.searchParams.get("token")!;

    // Only a keyed hash of the link's secret is stored.
    const [stored, ...others] = await resetTokensOf(user._id);
    expect(others).toEqual([]);
    expect(stored?.token).toEqual(expect.any(String));
    expect(stored?.token).not.toBe(token);
    expect(JSON.stringify(await (await rawCollection("verificationTokens")).find({}).toArray())).not.toContain(token);

    const done = await reset({ token, password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ email: user.email, message: expect.stringMatching(/signed out/), removed: null });

    expect(await signsIn(user.email, NEW_PASSWORD)).toBeNull();
    expect(await signsIn(user.email, user.password)).toBe("INVALID_CREDENTIALS");
    expect(await resetTokensOf(user._id)).toEqual([]);

    const reused = await reset({ token, password: "Another-Passphrase-2026" });
    expect(reused.status).toBe(400);
    expect(reused.body.error?.code).toBe("LINK_INVALID");
    expect(await signsIn(user.email, NEW_PASSWORD)).toBeNull();

    // Opening the link proved the address is the user's.
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.emailVerified).toBeInstanceOf(Date);
    expect(await eventTypesOf(user._id)).toEqual(expect.arrayContaining(["password.reset_requested", "password.reset"]));
    // And the owner is told, whoever did it.
    const notice = await smtp().waitForMail(user.email, { subject: /^Your KeyForge password was reset$/ });
    expect(notice.text).toContain("Every device that was signed in has been signed out.");
  });

  it("refuses an expired link with LINK_EXPIRED and keeps the password", async () => {
    const user = await createTestUser();
    const token = await resetTokenFor(user.email);
    await (await rawCollection("verificationTokens")).updateMany({ userId: user._id }, { $set: { expires: new Date(Date.now() - 1000) } });

    const expired = await reset({ token, password: NEW_PASSWORD });

    expect(expired.status).toBe(400);
    expect(expired.body.error?.code).toBe("LINK_EXPIRED");
    expect(await signsIn(user.email, user.password)).toBeNull();
  });

  it("refuses a weak password with a field error, and the link still works afterwards", async () => {
    const user = await createTestUser();
    const token = await resetTokenFor(user.email);

    for (const password of ["password123", user.email, "short"]) {
      const weak = await reset({ token, password });
      expect(weak.status).toBe(400);
      expect(Object.keys(weak.body.error?.fields ?? {})).toEqual(["password"]);
    }
    expect(await resetTokensOf(user._id)).toHaveLength(1);

    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
    expect(await signsIn(user.email, NEW_PASSWORD)).toBeNull();
  });

  it("refuses a made-up token with LINK_INVALID", async () => {
    for (const token of ["A".repeat(43), "not-a-token", "x".repeat(200)]) {
      const res = await reset({ token, password: NEW_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("LINK_INVALID");
    }
  });

  it("answers an unknown email exactly as a known one, and mails nothing", async () => {
    const user = await createTestUser();

    const known = await forgot({ email: user.email });
    const unknown = await forgot({ email: "nobody-here@example.com" });

    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.text).toBe(known.text);
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toHaveLength(1);
    expect(smtp().mailsTo("nobody-here@example.com")).toEqual([]);
  });

  it("answers before it looks the email up, known or unknown: neither the words nor the time can depend on the account", async () => {
    const user = await createTestUser();

    await whileLookupsWait(2, async () => {
      const known = await forgot({ email: user.email });
      const unknown = await forgot({ email: "timing-ghost@example.com" });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual(known.body);
      expect(smtp().mailsTo(user.email)).toEqual([]);
    });

    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toHaveLength(1);
    expect(smtp().mailsTo("timing-ghost@example.com")).toEqual([]);
  });

  it("signs out every device of the account", async () => {
    const { user, jar } = await signedInUser();
    const phone = new CookieJar();
    await signIn(phone, { email: user.email, password: user.password });
    expect((await getSession(jar))?.user.id).toBe(user.id);
    const token = await resetTokenFor(user.email);

    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);

    expect(await getSession(jar)).toBeNull();
    expect(await getSession(phone)).toBeNull();
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(0);
  });

  it("lifts the lockout of unknown browsers: after a reset the new password signs in from a fresh browser", async () => {
    const user = await createTestUser();
    let refusal: string | null = null;
    for (let attempt = 0; attempt < 20 && refusal !== "ACCOUNT_LOCKED"; attempt++) {
      refusal = await signsIn(user.email, "a-wrong-guess-1");
    }
    expect(refusal).toBe("ACCOUNT_LOCKED");
    expect(await signsIn(user.email, user.password)).toBe("ACCOUNT_LOCKED");

    const token = await resetTokenFor(user.email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);

    const jar = new CookieJar();
    expect((await signIn(jar, { email: user.email, password: NEW_PASSWORD })).error).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  it("tells an account without a password which provider it signs in with, and sends no reset link", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({
      name: "Octo",
      email: "octo-reset@example.com",
      emailVerified: new Date(),
      role: "user",
      sessionVersion: 0,
    });
    await (await rawCollection("accounts")).insertOne({ userId: insertedId, type: "oauth", provider: "github", providerAccountId: "4242" });

    expect((await forgot({ email: "octo-reset@example.com" })).status).toBe(200);

    const mail = await smtp().waitForMail("octo-reset@example.com");
    expect(mail.subject).toBe("How you sign in to KeyForge");
    expect(mail.text).toContain("you sign in with GitHub");
    expect(linkTo(mail, "/auth/signin").origin).toBe(APP_ORIGIN);
    expect(mail.links.some((link) => link.includes(RESET_PAGE))).toBe(false);
    expect(await resetTokensOf(insertedId)).toEqual([]);
  });

  it("sends nothing for a disabled account", async () => {
    const user = await createTestUser();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });

    expect((await forgot({ email: user.email })).status).toBe(200);

    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
    expect(await resetTokensOf(user._id)).toEqual([]);
  });

  it("limits requests per address (2 an hour here), known or not, with 429 RATE_LIMITED and Retry-After", async () => {
    const user = await createTestUser();
    for (const email of [user.email, "limited-ghost@example.com"]) {
      expect((await forgot({ email })).status).toBe(200);
      expect((await forgot({ email })).status).toBe(200);
      const limited = await forgot({ email });
      expect(limited.status).toBe(429);
      expect(limited.body.error?.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toHaveLength(2);
  });

  it("refuses cross-site requests with 403 and sends nothing", async () => {
    const user = await createTestUser();
    const crossSite: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of crossSite) {
      const res = await forgot({ email: user.email }, headers);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe("CROSS_SITE_REQUEST");
    }
    const token = await resetTokenFor(user.email);
    expect((await reset({ token, password: NEW_PASSWORD }, { origin: "https://evil.example" })).status).toBe(403);
    expect(await signsIn(user.email, user.password)).toBeNull();
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toHaveLength(1);
  });

  it("answers 400 to a bad body and stores nothing", async () => {
    const tokens = await rawCollection("verificationTokens");
    const limits = await rawCollection("rateLimits");
    const before = { tokens: await tokens.countDocuments({}), limits: await limits.countDocuments({ key: /^mail:/ }) };

    for (const json of [{}, { email: { $gt: "" } }, { email: "not-an-email" }, { email: ["a@example.com"] }, "a@example.com"]) {
      const res = await forgot(json);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toEqual(expect.any(String));
    }
    const broken = await callRoute(forgotPasswordRoute, { method: "POST", body: "{not json", headers: { ...ORIGIN, "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    for (const json of [{}, { token: 42, password: NEW_PASSWORD }, { token: { $ne: null }, password: NEW_PASSWORD }]) {
      expect((await reset(json)).status).toBe(400);
    }

    await emailWorkSettled();
    expect({ tokens: await tokens.countDocuments({}), limits: await limits.countDocuments({ key: /^mail:/ }) }).toEqual(before);
  });

  it("reclaims an account set up by someone else with the owner's unverified address: its links and vault go", async () => {
    // A "squatter" signed up with the victim's address, connected a provider and stored a key, before keys
    // needed a verified address: the address was never verified.
    const squatted = await createTestUser({ email: "owner@example.com" });
    await (await rawCollection("accounts")).insertOne({ userId: squatted._id, type: "oauth", provider: "github", providerAccountId: "squatter-1" });
    await updateApiKeys(forUser({ id: squatted.id, role: "user" }), { togetherAI: "tgp_v1_SquatterKey-0123456789abcdef" }, { context: { ip: "203.0.113.7", userAgent: "squatter" } });
    await (await usersCollection()).updateOne({ _id: squatted._id }, { $set: { emailVerified: null } });
    expect((await (await usersCollection()).findOne({ _id: squatted._id }))?.apiKeys).toBeDefined();

    // The mailbox's owner resets the password.
    const token = await resetTokenFor("owner@example.com");
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);

    const after = await (await usersCollection()).findOne({ _id: squatted._id });
    expect(after?.apiKeys).toBeUndefined();
    expect(after?.emailVerified).toBeInstanceOf(Date);
    expect(await (await rawCollection("accounts")).countDocuments({ userId: squatted._id })).toBe(0);
    expect(await signsIn("owner@example.com", squatted.password)).toBe("INVALID_CREDENTIALS");
    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).findOne({ userId: squatted._id, type: "account.reclaimed" })).toMatchObject({
      detail: { method: "password" },
    });
  });

  it("keeps the connected accounts and vault of an account whose email was already verified", async () => {
    const user = await createTestUser();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
    await (await rawCollection("accounts")).insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: "owner-2" });
    await updateApiKeys(forUser({ id: user.id, role: "user" }), { togetherAI: "tgp_v1_OwnersOwnKey-0123456789abcdef" }, { context: { ip: "127.0.0.1", userAgent: "owner" } });

    const token = await resetTokenFor(user.email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);

    expect((await (await usersCollection()).findOne({ _id: user._id }))?.apiKeys).toBeDefined();
    expect(await (await rawCollection("accounts")).countDocuments({ userId: user._id })).toBe(1);
    expect(await eventTypesOf(user._id)).not.toContain("account.reclaimed");
  });
});

/**
 * Last in this file: a refused or unanswered mail stays in the app's outbox
 * with its first retry 30 s away, so no test after these could wait for the
 * outbox to settle.
 */
describe("when the mail server refuses or does not answer", () => {
  // What earlier tests sent in the background (notices) must not count as offered here.
  beforeAll(() => emailWorkSettled());

  it("still answers forgot-password at once: the mail is sent after the answer", async () => {
    for (const behaviour of ["refuse", "hang"] as const) {
      smtp().setBehaviour(behaviour);
      const user = await createTestUser();
      const offered = smtp().offered();

      // Answered while the account's lookup waits, so before any mail could be sent.
      const res = await whileLookupsWait(1, () => forgot({ email: user.email }));

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: NEUTRAL_ANSWERS.forgotPassword });
      // Then the mail was offered to the server, which did not take it.
      await until(() => smtp().offered() === offered + 1);
      expect(smtp().mailsTo(user.email)).toEqual([]);
    }
  });

  it("answers a request that waits for its mail with delivery \"queued\" when the server hangs, without waiting for the attempt to end", async () => {
    smtp().setBehaviour("hang");
    const { jar } = await signedInUser({ verified: false });
    const warnings = jest.spyOn(log, "warn");
    try {
      const res = await callRoute<{ delivery: string; message: string }>(verificationRoute, { method: "POST", jar, headers: ORIGIN });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ delivery: "queued", message: expect.stringMatching(/slow/) });
      // The answer came from the outbox's own wait, while the attempt still hangs: it has not failed (nor timed out) yet.
      expect(warnings.mock.calls.filter(([event]) => event === "mail.send_failed")).toEqual([]);
    } finally {
      warnings.mockRestore();
    }
  });
});
