import type { ObjectId } from "mongodb";
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import { forUser } from "@/lib/access";
import type { PasswordResetResponse } from "@/lib/email-flows/shared";
import { updateApiKeys } from "@/lib/users";
import { APP_ORIGIN } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * A reset that reclaims an account whose address was never confirmed says
 * exactly what it removed and why: in its answer (the done page shows it) and
 * in the "password was reset" mail.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const NEW_PASSWORD = "Copper-Kettle-58-horizon";
const CONTEXT = { ip: "203.0.113.7", userAgent: "squatter" };

async function resetWithMailedLink(email: string) {
  expect((await callRoute(forgotPasswordRoute, { method: "POST", json: { email }, headers: ORIGIN })).status).toBe(200);
  const token = tokenIn(await smtp().waitForMail(email, { subject: /^Reset your KeyForge password$/ }), "/auth/reset-password");
  return callRoute<PasswordResetResponse>(resetPasswordRoute, { method: "POST", json: { token, password: NEW_PASSWORD }, headers: ORIGIN });
}

/** `count` generations of the user that keep their text (history), and one usage record without. */
async function storeGenerations(userId: unknown, count: number) {
  const text = { keyId: "k1", iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" };
  const base = { userId, model: "m", language: null, promptChars: 5, outputChars: 5, timeToFirstTokenMs: 1, durationMs: 2, outcome: "completed" };
  const generations = await rawCollection("generations");
  for (let i = 0; i < count; i++) await generations.insertOne({ ...base, createdAt: new Date(), prompt: text, output: text });
  await generations.insertOne({ ...base, createdAt: new Date() });
}

/** An account set up before keys needed a verified address: what it stored stays, and its address is unverified. */
async function markSetUpBeforeTheRule(userId: ObjectId) {
  await (await usersCollection()).updateOne({ _id: userId }, { $set: { emailVerified: null } });
}

const resetNotice = (email: string) => smtp().waitForMail(email, { subject: /^Your KeyForge password was reset$/ });

describe("POST /api/auth/reset-password on an account whose address was never confirmed", () => {
  it("answers with exactly what it removed and why, and the mail says the same", async () => {
    const squatted = await createTestUser({ email: "reclaimed-owner@example.com" });
    await updateApiKeys(
      forUser({ id: squatted.id, role: "user" }),
      { togetherAI: "tgp_v1_SquatterKey-0123456789abcdef", kestra: "kestra-token-0123456789" },
      { context: CONTEXT },
    );
    await (await rawCollection("accounts")).insertOne({ userId: squatted._id, type: "oauth", provider: "github", providerAccountId: "squat-9" });
    await storeGenerations(squatted._id, 5);
    await markSetUpBeforeTheRule(squatted._id);

    const done = await resetWithMailedLink(squatted.email);

    expect(done.status).toBe(200);
    const summary =
      "Because this address had never been confirmed, we removed the 2 API keys (Together AI, Kestra) and the 5 saved generations " +
      "that whoever created the account had stored, and disconnected GitHub, which could sign in to it.";
    expect(done.body).toEqual({
      email: squatted.email,
      message: expect.stringMatching(/signed out/),
      removed: { apiKeys: ["togetherAI", "kestra"], connectedAccounts: ["GitHub"], savedGenerations: 5, profilePicture: false, summary: expect.stringContaining(summary) },
    });
    // It removed what it said.
    expect((await (await usersCollection()).findOne({ _id: squatted._id }))?.apiKeys).toBeUndefined();
    expect(await (await rawCollection("generations")).countDocuments({ userId: squatted._id, prompt: { $exists: true } })).toBe(0);

    const notice = await resetNotice(squatted.email);
    expect(notice.text).toContain(summary);
    expect(notice.html).toContain("2 API keys (Together AI, Kestra)");
  });

  it("names one key and one generation in the singular, and answers removed: null when nothing was stored", async () => {
    const one = await createTestUser({ email: "reclaimed-one@example.com" });
    await updateApiKeys(forUser({ id: one.id, role: "user" }), { oumi: "oumi-key-0123456789" }, { context: CONTEXT });
    await storeGenerations(one._id, 1);
    await markSetUpBeforeTheRule(one._id);
    const single = await resetWithMailedLink(one.email);
    expect(single.body.removed?.summary).toMatch(/^Because this address had never been confirmed, we removed the API key \(Oumi\) and the saved generation that/);

    const empty = await createTestUser({ email: "reclaimed-empty@example.com", verified: false });
    const nothing = await resetWithMailedLink(empty.email);
    expect(nothing.status).toBe(200);
    expect(nothing.body.removed).toBeNull();
    expect((await resetNotice(empty.email)).text).not.toContain("never been confirmed");
  });

  it("removes nothing, and says nothing of it, when the address was confirmed", async () => {
    const owner = await createTestUser({ email: "confirmed-owner@example.com" });
    await (await usersCollection()).updateOne({ _id: owner._id }, { $set: { emailVerified: new Date() } });
    await updateApiKeys(forUser({ id: owner.id, role: "user" }), { togetherAI: "tgp_v1_OwnersOwnKey-0123456789abcdef" }, { context: CONTEXT });
    await storeGenerations(owner._id, 2);

    const done = await resetWithMailedLink(owner.email);

    expect(done.body.removed).toBeNull();
    expect((await (await usersCollection()).findOne({ _id: owner._id }))?.apiKeys).toBeDefined();
    expect(await (await rawCollection("generations")).countDocuments({ userId: owner._id, prompt: { $exists: true } })).toBe(2);
    expect((await resetNotice(owner.email)).text).not.toContain("never been confirmed");
  });
});
