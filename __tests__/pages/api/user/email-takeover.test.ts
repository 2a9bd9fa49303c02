/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "EMAIL_MAX_PER_IP_PER_HOUR": "1000", "EMAIL_MAX_PER_ADDRESS_PER_HOUR": "20"}} */
import { ObjectId } from "mongodb";
import * as revokeSessionsRoute from "@/pages/api/admin/users/[id]/revoke-sessions";
import * as confirmEmailRoute from "@/pages/api/auth/confirm-email";
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import * as revertEmailChangeRoute from "@/pages/api/auth/revert-email-change";
import * as emailRoute from "@/pages/api/user/email";
import * as passwordRoute from "@/pages/api/user/password";
import * as sessionsRoute from "@/pages/api/user/sessions";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import type { EmailStatusResponse } from "@/lib/email-flows/shared";
import { APP_ORIGIN, CookieJar, getSession, signIn, signUp, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { rawCollection, usersCollection } from "../../../helpers/users";

/**
 * Someone learnt the password and moves the account to their own address.
 * The owner, warned at the old address, must be able to stop them: a password
 * reset or change kills the pending change, and "This wasn't me" gets the
 * address back after any number of hops and takes the password away. An old
 * undo link must not keep signing the owner out afterwards.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const SECURED_SUBJECT = /^Choose a new password for KeyForge$/;
const CONFIRM_SUBJECT = /^Confirm your new email for KeyForge$/;
const REQUESTED_SUBJECT = /^Someone asked to change your KeyForge email$/;
const CHANGED_SUBJECT = /^Your KeyForge email was changed$/;
const OWNER_PASSWORD = "Owners-Fresh-Password-93";

interface Answer {
  email?: string;
  restored?: boolean;
  error?: { code: string; message: string };
}

afterEach(() => flushAuthEvents());

let counter = 0;
function attackerAddress(): string {
  counter += 1;
  return `attacker-${counter}@evil.example`;
}

const confirm = (token: string) => callRoute<Answer>(confirmEmailRoute, { method: "POST", json: { token }, headers: ORIGIN });
const revert = (token: string) => callRoute<Answer>(revertEmailChangeRoute, { method: "POST", json: { token }, headers: ORIGIN });

/**
 * The owner (whose address is verified: an unverified one is reclaimed for
 * its mailbox, squatted-email.test.ts), and an attacker signed in elsewhere
 * with the same password who asks to move the account to `newEmail`.
 */
async function attackerAsksForChange(newEmail = attackerAddress()) {
  const { user, jar: ownerJar } = await signedInUser();
  await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
  const attackerJar = new CookieJar();
  expect((await signIn(attackerJar, { email: user.email, password: user.password })).error).toBeNull();
  const asked = await callRoute<Answer>(emailRoute, { method: "POST", jar: attackerJar, json: { newEmail, currentPassword: user.password }, headers: ORIGIN });
  expect(asked.status).toBe(202);
  const confirmToken = tokenIn(await smtp().waitForMail(newEmail, { subject: CONFIRM_SUBJECT }), "/auth/confirm-email");
  const requestUndo = tokenIn(await smtp().waitForMail(user.email, { subject: REQUESTED_SUBJECT }), "/auth/revert-email-change");
  return { user, ownerJar, attackerJar, newEmail, confirmToken, requestUndo };
}

/** The attacker's change went through; returns the undo link of the "was changed" notice. */
async function attackerTookTheEmail() {
  const attack = await attackerAsksForChange();
  expect((await confirm(attack.confirmToken)).status).toBe(200);
  const changeUndo = tokenIn(await smtp().waitForMail(attack.user.email, { subject: CHANGED_SUBJECT }), "/auth/revert-email-change");
  return { ...attack, changeUndo };
}

async function resetByMail(email: string, password = OWNER_PASSWORD) {
  const mails = smtp().mailsTo(email).length;
  expect((await callRoute(forgotPasswordRoute, { method: "POST", json: { email }, headers: ORIGIN })).status).toBe(200);
  await emailWorkSettled();
  expect(smtp().mailsTo(email)).toHaveLength(mails + 1);
  const token = tokenIn(smtp().mailsTo(email).at(-1)!, "/auth/reset-password");
  expect((await callRoute(resetPasswordRoute, { method: "POST", json: { token, password }, headers: ORIGIN })).status).toBe(200);
}

async function changePassword(jar: CookieJar, currentPassword: string, newPassword = OWNER_PASSWORD) {
  expect((await callRoute(passwordRoute, { method: "POST", jar, json: { currentPassword, newPassword }, headers: ORIGIN })).status).toBe(204);
}

async function storedEmail(userId: ObjectId): Promise<unknown> {
  return (await (await usersCollection()).findOne({ _id: userId }))?.email;
}

describe("a pending email change and the owner's defences", () => {
  it("dies when the owner resets the password", async () => {
    const { user, ownerJar, confirmToken } = await attackerAsksForChange();

    await resetByMail(user.email);

    const res = await confirm(confirmToken);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("LINK_INVALID");
    expect(await storedEmail(user._id)).toBe(user.email);
    const jar = new CookieJar();
    expect((await signIn(jar, { email: user.email, password: OWNER_PASSWORD })).error).toBeNull();
    expect((await callRoute<EmailStatusResponse>(emailRoute, { jar })).body.pendingEmail).toBeNull();
    expect(ownerJar).toBeDefined();
  });

  it("dies when the owner changes the password in Settings", async () => {
    const { user, ownerJar, confirmToken } = await attackerAsksForChange();

    await changePassword(ownerJar, user.password);

    expect((await callRoute<EmailStatusResponse>(emailRoute, { jar: ownerJar })).body.pendingEmail).toBeNull();
    expect((await confirm(confirmToken)).body.error?.code).toBe("LINK_INVALID");
    expect(await storedEmail(user._id)).toBe(user.email);
  });

  it("dies when an admin signs the account out everywhere", async () => {
    const { user, confirmToken } = await attackerAsksForChange();
    const { jar: adminJar } = await signedInUser({ role: "admin" });

    const revoked = await callRoute(revokeSessionsRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: ORIGIN });
    expect(revoked.status).toBe(200);

    expect((await confirm(confirmToken)).body.error?.code).toBe("LINK_INVALID");
    expect(await storedEmail(user._id)).toBe(user.email);
  });

  it("dies when the owner signs out every other device", async () => {
    const { user, ownerJar, confirmToken } = await attackerAsksForChange();

    expect((await callRoute(sessionsRoute, { method: "DELETE", jar: ownerJar, headers: ORIGIN })).status).toBe(200);

    expect((await confirm(confirmToken)).body.error?.code).toBe("LINK_INVALID");
    expect(await storedEmail(user._id)).toBe(user.email);
  });
});

describe("\"This wasn't me\" against an attacker who took the email", () => {
  it("is not erased by a password change made by whoever now holds the account", async () => {
    const { user, attackerJar, changeUndo } = await attackerTookTheEmail();
    await changePassword(attackerJar, user.password, "Attackers-New-Password-1");

    const res = await revert(changeUndo);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: user.email, restored: true });
    expect(await storedEmail(user._id)).toBe(user.email);
  });

  it("refuses a second change while the first can still be undone, saying from when", async () => {
    const { attackerJar, newEmail, user } = await attackerTookTheEmail();

    const res = await callRoute<Answer>(emailRoute, {
      method: "POST",
      jar: attackerJar,
      json: { newEmail: attackerAddress(), currentPassword: user.password },
      headers: ORIGIN,
    });

    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("CONFLICT");
    expect(res.body.error?.message).toMatch(/\d{4} at \d\d:\d\d UTC/);
    expect(await storedEmail(user._id)).toBe(newEmail);
  });

  it("keeps the old address for the owner while the undo is open: nobody can sign up with it meanwhile", async () => {
    const { user, changeUndo } = await attackerTookTheEmail();

    const squat = await signUp({ name: "Squatter", email: user.email, password: "Squatters-Password-77" });
    expect(squat.status).toBe(409);
    expect((squat.body as Answer).error?.code).toBe("EMAIL_TAKEN");

    expect((await revert(changeUndo)).body).toEqual({ email: user.email, restored: true });
    expect(await storedEmail(user._id)).toBe(user.email);
  });

  it("puts the old address back whatever the current one is", async () => {
    const { user, changeUndo } = await attackerTookTheEmail();
    // A second hop made some other way (an earlier version allowed it through the API).
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { email: attackerAddress() } });

    const res = await revert(changeUndo);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: user.email, restored: true });
    expect(await storedEmail(user._id)).toBe(user.email);
  });

  it("takes the password away, ends every session, removes the providers connected since the request, and mails a password link", async () => {
    // The owner's own link, made a minute before the change was asked for (a link's ObjectId is its date).
    const before = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 60);
    const { user, ownerJar, attackerJar, newEmail, changeUndo } = await attackerTookTheEmail();
    const accounts = await rawCollection("accounts");
    await accounts.insertOne({ _id: before, userId: user._id, type: "oauth", provider: "github", providerAccountId: "owners-own" });
    await accounts.insertOne({ userId: user._id, type: "oauth", provider: "google", providerAccountId: "attackers-way-back" });

    expect((await revert(changeUndo)).status).toBe(200);

    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(new CookieJar(), { email: newEmail, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    expect(await getSession(attackerJar)).toBeNull();
    expect(await getSession(ownerJar)).toBeNull();
    expect((await accounts.find({ userId: user._id }).toArray()).map((link) => link.providerAccountId)).toEqual(["owners-own"]);
    // What the admin list shows of the account follows.
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.linkedProviders).toEqual(["github"]);
    const mail = await smtp().waitForMail(user.email, { subject: SECURED_SUBJECT });
    const token = tokenIn(mail, "/auth/reset-password");
    expect((await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: OWNER_PASSWORD }, headers: ORIGIN })).status).toBe(200);
    expect((await signIn(new CookieJar(), { email: user.email, password: OWNER_PASSWORD })).error).toBeNull();
  });
});

describe("an undo link that has nothing left to undo", () => {
  it("signs nobody out once the change it was about was undone and the owner signed in again", async () => {
    const { user, requestUndo, changeUndo } = await attackerTookTheEmail();
    expect((await revert(changeUndo)).body).toEqual({ email: user.email, restored: true });
    const token = tokenIn(await smtp().waitForMail(user.email, { subject: SECURED_SUBJECT }), "/auth/reset-password");
    expect((await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: OWNER_PASSWORD }, headers: ORIGIN })).status).toBe(200);
    const jar = new CookieJar();
    expect((await signIn(jar, { email: user.email, password: OWNER_PASSWORD })).error).toBeNull();

    const late = await revert(requestUndo);

    // The undo revoked the other undo links of the same address: they would restore nothing.
    expect(late.status).toBe(400);
    expect(late.body.error?.code).toBe("LINK_INVALID");
    expect((await getSession(jar))?.user.id).toBe(user.id);
    expect((await signIn(new CookieJar(), { email: user.email, password: OWNER_PASSWORD })).error).toBeNull();
  });

  it("does nothing once the owner answered the request by changing the password", async () => {
    const { user, ownerJar, requestUndo } = await attackerAsksForChange();
    await changePassword(ownerJar, user.password);

    const late = await revert(requestUndo);

    expect(late.status).toBe(200);
    expect(late.body).toEqual({ email: user.email, restored: false });
    expect((await getSession(ownerJar))?.user.id).toBe(user.id);
    expect((await signIn(new CookieJar(), { email: user.email, password: OWNER_PASSWORD })).error).toBeNull();
  });
});
