/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { BSON } from "mongodb";
import * as deleteRoute from "@/pages/api/user/index";
import { finishPendingDeletions } from "@/lib/account-deletion";
import { failNextDeletionStep } from "@/lib/account-deletion/remove";
import { flushAuthEvents, hashEmail } from "@/lib/audit";
import { getDb } from "@/lib/core/db";
import { emailWorkSettled } from "@/lib/email-flows";
import { issueRecoveryCodes, startPendingSignIn } from "@/lib/two-factor";
import { APP_ORIGIN, CookieJar, getSession, signIn, signUp, signedInUser, jarForUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { addPasskey } from "../../../helpers/passkeys";
import { saveTogetherKey } from "../../../helpers/generation";
import { adminViewingAs, enableTotp } from "../../../helpers/two-factor";
import { GOOD_PASSWORD, createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * "Delete my account" (DELETE /api/user), through the real route, NextAuth's
 * real endpoints and the database: afterwards nothing of the account is left
 * in any collection but the documented remains (usage records without text,
 * audit events tagged with the address's keyed hash), its other devices are
 * signed out at once, its address can sign up again, and a deletion a crash
 * stopped half-way is finished by finishPendingDeletions.
 */
const smtp = smtpServerForThisFile();
const ORIGIN = { origin: APP_ORIGIN };
type Answer = { error?: { code: string; fields?: Record<string, string[]> } };

function deleteAccount(jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<Answer>(deleteRoute, { method: "DELETE", jar, json, headers });
}

/** A signed-in user with something in every place an account keeps data, and a second signed-in device. */
async function userWithEverything() {
  const { user, jar } = await signedInUser();
  const other = new CookieJar();
  expect((await signIn(other, { email: user.email, password: user.password })).error).toBeFalsy();
  await saveTogetherKey(jar);
  await addPasskey(jar, undefined, "Phone");
  await enableTotp(user.id, user.email);
  await issueRecoveryCodes(user.id);
  await startPendingSignIn(user.id, "password");
  const db = await getDb();
  const now = new Date();
  const sealed = { ciphertext: "AAAA", iv: "BBBB", tag: "CCCC", keyId: "k1" };
  await db.collection("accounts").insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: `gh-${user.id}` });
  await db.collection("avatars").insertOne({ _id: user._id, data: Buffer.from("png"), hash: "h1", size: 3, updatedAt: now });
  await db.collection("generations").insertOne({
    userId: user._id, model: "m", language: null, promptChars: 4, outputChars: 6, timeToFirstTokenMs: 5, durationMs: 9,
    outcome: "completed", createdAt: now, prompt: sealed, output: sealed,
  });
  await db.collection("verificationTokens").insertMany([
    { identifier: user.email, token: "nextauth-link-hash", expires: new Date(now.getTime() + 600_000) },
    { identifier: `verify:${user.id}`, token: "own-link-hash", userId: user._id, purpose: "verify-email", email: user.email, expires: new Date(now.getTime() + 600_000), createdAt: now },
  ]);
  return { user, jar, other };
}

/** Every document, in every collection, that names the user's id (as an ObjectId or a string) or the address. */
async function traces(userId: string, email: string): Promise<{ collection: string; doc: Record<string, unknown> }[]> {
  const db = await getDb();
  const found: { collection: string; doc: Record<string, unknown> }[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      const text = BSON.EJSON.stringify(doc).toLowerCase();
      if (text.includes(userId) || text.includes(email.toLowerCase())) found.push({ collection: name, doc });
    }
  }
  return found;
}

describe("DELETE /api/user", () => {
  it("leaves nothing of the account but usage records without text and audit events with the address's hash", async () => {
    const { user, jar, other } = await userWithEverything();
    const { user: bystander, jar: bystanderJar } = await signedInUser();
    await saveTogetherKey(bystanderJar);

    const res = await deleteAccount(jar, { confirmEmail: user.email.toUpperCase(), currentPassword: user.password });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^next-auth\.session-token=;.*Max-Age=0/)]));
    await flushAuthEvents();

    const left = await traces(user.id, user.email);
    for (const { collection, doc } of left) {
      if (collection === "generations") {
        expect(doc.prompt).toBeUndefined();
        expect(doc.output).toBeUndefined();
        expect(doc.promptChars).toBe(4);
      } else if (collection === "rateLimits") {
        // Attempts naming the account or its address end with their window (an hour at most), not with the account.
        expect(doc.expiresAt).toBeInstanceOf(Date);
        expect((doc.expiresAt as Date).getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000);
      } else {
        expect(collection).toBe("authEvents");
        expect(doc.emailHash).toBe(hashEmail(user.email));
        expect(BSON.EJSON.stringify(doc)).not.toContain(user.email);
      }
    }
    const kinds = new Set(left.map(({ collection }) => collection));
    kinds.delete("rateLimits");
    expect(kinds).toEqual(new Set(["authEvents", "generations"]));
    expect(await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "account.deleted" })).toBe(1);

    // Its other device is signed out at once; the bystander is untouched.
    expect(await getSession(other)).toBeNull();
    expect(await getSession(jar)).toBeNull();
    expect((await getSession(bystanderJar))?.user.id).toBe(bystander.id);
    expect(await (await usersCollection()).countDocuments({ _id: bystander._id, "apiKeys.togetherAI": { $exists: true } })).toBe(1);

    await emailWorkSettled();
    await smtp.current().waitForMail(user.email, { subject: /^Your KeyForge account was deleted/ });
  });

  it("frees the address at once: the old password no longer signs in, a new sign-up with it works", async () => {
    const { user, jar } = await signedInUser();
    expect((await deleteAccount(jar, { confirmEmail: user.email, currentPassword: user.password })).status).toBe(204);
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeTruthy();
    const again = await signUp({ name: "New me", email: user.email, password: GOOD_PASSWORD }, ORIGIN);
    expect(again.status).toBeLessThan(400);
    const fresh = await (await usersCollection()).findOne({ email: user.email });
    expect(fresh?._id.toString()).not.toBe(user.id);
  });

  it("changes nothing on a wrong confirmation or password, or without either", async () => {
    const { user, jar } = await signedInUser();
    const cases: [unknown, string][] = [
      [{ confirmEmail: "someone@else.example", currentPassword: user.password }, "confirmEmail"],
      [{ confirmEmail: user.email, currentPassword: "not-the-password-1" }, "currentPassword"],
      [{ confirmEmail: user.email }, "currentPassword"],
      [{ currentPassword: user.password }, "confirmEmail"],
      [{ confirmEmail: user.email, currentPassword: user.password, extra: 1 }, ""],
    ];
    for (const [body, field] of cases) {
      const res = await deleteAccount(jar, body);
      expect(res.status).toBe(400);
      if (field) expect(res.body.error?.fields?.[field]).toBeDefined();
    }
    expect((await deleteAccount(jar, "not json")).status).toBe(400);
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.email).toBe(user.email);
    expect(stored?.deletedAt ?? null).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  it("refuses a view-as session, a cross-site request and a signed-out one", async () => {
    const { user, jar } = await signedInUser();
    const viewAs = await adminViewingAs(user.id);
    expect((await deleteAccount(viewAs, { confirmEmail: user.email, currentPassword: user.password })).status).toBe(403);
    expect((await deleteAccount(jar, { confirmEmail: user.email, currentPassword: user.password }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await deleteAccount(new CookieJar(), { confirmEmail: user.email })).status).toBe(401);
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.email).toBe(user.email);
  });

  it("asks an account without a password for a recent sign-in, and one without an address to type DELETE", async () => {
    const db = await getDb();
    const { insertedId } = await db.collection("users").insertOne({ name: "No address", role: "user", sessionVersion: 0, createdAt: new Date(), updatedAt: new Date() });
    const jar = await jarForUser(insertedId.toString());
    expect((await deleteAccount(jar, { confirmEmail: "someone@example.com" })).body.error?.fields?.confirmEmail).toBeDefined();
    expect((await deleteAccount(jar, { confirmEmail: "DELETE" })).status).toBe(204);
    expect(await db.collection("users").countDocuments({ _id: insertedId })).toBe(0);

    const stale = await createTestUser();
    await db.collection("users").updateOne({ _id: stale._id }, { $unset: { passwordHash: 1 } });
    const staleJar = await jarForUser(stale.id);
    jest.useFakeTimers({ now: Date.now() + 11 * 60_000, doNotFake: ["nextTick", "setImmediate", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "hrtime", "performance"] });
    try {
      const res = await deleteAccount(staleJar, { confirmEmail: stale.email });
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe("REAUTH_REQUIRED");
    } finally {
      jest.useRealTimers();
    }
    expect(await db.collection("users").countDocuments({ _id: stale._id, deletedAt: null })).toBe(1);
  });

  it("refuses the last admin, and lets an admin go while another is left", async () => {
    const { user: admin, jar } = await signedInUser({ role: "admin" });
    await (await usersCollection()).updateMany({ role: "admin", _id: { $ne: admin._id } }, { $set: { role: "user" } });
    const res = await deleteAccount(jar, { confirmEmail: admin.email, currentPassword: admin.password });
    expect(res.status).toBe(409);
    expect((await (await usersCollection()).findOne({ _id: admin._id }))?.email).toBe(admin.email);

    await createTestUser({ role: "admin" });
    expect((await deleteAccount(jar, { confirmEmail: admin.email, currentPassword: admin.password })).status).toBe(204);
  });

  it("is finished by finishPendingDeletions after a crash half-way, and signs in nowhere meanwhile", async () => {
    const { user, jar, other } = await userWithEverything();
    failNextDeletionStep("mail");
    // Accepted once marked: what is left is the retry's to finish.
    const res = await deleteAccount(jar, { confirmEmail: user.email, currentPassword: user.password });
    expect(res.status).toBe(204);

    const marked = await (await usersCollection()).findOne({ _id: user._id });
    expect(marked?.deletedAt).toBeInstanceOf(Date);
    expect(marked?.email).toBeUndefined();
    expect(await getSession(other)).toBeNull();
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeTruthy();

    expect(await finishPendingDeletions()).toBe(1);
    expect(await finishPendingDeletions()).toBe(0);
    await flushAuthEvents();
    const left = new Set((await traces(user.id, user.email)).map(({ collection }) => collection));
    left.delete("rateLimits");
    expect(left).toEqual(new Set(["authEvents", "generations"]));
    await emailWorkSettled();
    await smtp.current().waitForMail(user.email, { subject: /^Your KeyForge account was deleted/ });
  });
});

afterAll(() => failNextDeletionStep(null));
