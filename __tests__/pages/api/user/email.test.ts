/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as confirmEmailRoute from "@/pages/api/auth/confirm-email";
import * as revertEmailChangeRoute from "@/pages/api/auth/revert-email-change";
import * as emailRoute from "@/pages/api/user/email";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import type { EmailStatusResponse } from "@/lib/email-flows/shared";
import { APP_ORIGIN, CookieJar, getSession, jarForUser, rewriteSessionToken, signIn, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { linkTo, smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * Changing the account's email: the request (password or a recent sign-in),
 * the confirmation link to the new address, the notices with "This wasn't
 * me" to the old one, and what each link does.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const CONFIRM_PAGE = "/auth/confirm-email";
const REVERT_PAGE = "/auth/revert-email-change";
const CONFIRM_SUBJECT = /^Confirm your new email for KeyForge$/;
const REQUESTED_SUBJECT = /^Someone asked to change your KeyForge email$/;
const CHANGED_SUBJECT = /^Your KeyForge email was changed$/;

interface ErrorBody {
  error?: { code: string; message: string; fields?: Record<string, string[]> };
}

afterEach(() => flushAuthEvents());

function requestChange(jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ delivery?: string; message?: string } & ErrorBody>(emailRoute, { method: "POST", jar, json, headers });
}

async function status(jar: CookieJar): Promise<EmailStatusResponse> {
  const res = await callRoute<EmailStatusResponse>(emailRoute, { jar });
  expect(res.status).toBe(200);
  return res.body;
}

function confirm(token: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ email?: string } & ErrorBody>(confirmEmailRoute, { method: "POST", json: { token }, headers });
}

function revert(token: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ email?: string; restored?: boolean } & ErrorBody>(revertEmailChangeRoute, { method: "POST", json: { token }, headers });
}

let counter = 0;
function newAddress(): string {
  counter += 1;
  return `new-address-${counter}@example.org`;
}

/** A signed-in user who asked to move to a new address; returns the confirmation token and the "This wasn't me" token sent with the request. */
async function pendingChange() {
  const { user, jar } = await signedInUser();
  const newEmail = newAddress();
  const asked = await requestChange(jar, { newEmail, currentPassword: user.password });
  expect(asked.status).toBe(202);
  const confirmation = await smtp().waitForMail(newEmail, { subject: CONFIRM_SUBJECT });
  const notice = await smtp().waitForMail(user.email, { subject: REQUESTED_SUBJECT });
  return { user, jar, newEmail, confirmToken: tokenIn(confirmation, CONFIRM_PAGE), revertToken: tokenIn(notice, REVERT_PAGE) };
}

describe("POST /api/user/email", () => {
  it("refuses a wrong current password with 400 WRONG_PASSWORD and mails nobody", async () => {
    const { user, jar } = await signedInUser();
    const newEmail = newAddress();

    const res = await requestChange(jar, { newEmail, currentPassword: "not-my-password" });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "WRONG_PASSWORD", fields: { currentPassword: [expect.any(String)] } });
    await emailWorkSettled();
    expect(smtp().mailsTo(newEmail)).toEqual([]);
    expect(smtp().mailsTo(user.email)).toEqual([]);
    expect((await status(jar)).pendingEmail).toBeNull();
  });

  it("mails a confirmation to the new address and a notice to the old one, and changes nothing until the link is used", async () => {
    const { user, jar } = await signedInUser({ verified: false });
    const newEmail = newAddress();

    const asked = await requestChange(jar, { newEmail, currentPassword: user.password });

    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ delivery: "sent", message: expect.stringContaining(newEmail) });
    const confirmation = await smtp().waitForMail(newEmail, { subject: CONFIRM_SUBJECT });
    expect(confirmation.text).toContain(`from ${user.email} to ${newEmail}`);
    expect(linkTo(confirmation, CONFIRM_PAGE).origin).toBe(APP_ORIGIN);
    const notice = await smtp().waitForMail(user.email, { subject: REQUESTED_SUBJECT });
    expect(notice.text).toContain(newEmail);
    expect(linkTo(notice, REVERT_PAGE).origin).toBe(APP_ORIGIN);

    const before = await status(jar);
    expect(before).toMatchObject({ email: user.email, emailVerified: null, hasPassword: true, pendingEmail: { address: newEmail } });
    expect(await (await usersCollection()).countDocuments({ email: newEmail })).toBe(0);

    const confirmed = await confirm(tokenIn(confirmation, CONFIRM_PAGE));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ email: newEmail });

    const after = await status(jar);
    expect(after).toMatchObject({ email: newEmail, emailVerified: expect.any(String), pendingEmail: null });
    const changed = await smtp().waitForMail(user.email, { subject: CHANGED_SUBJECT });
    expect(changed.text).toContain(`changed from ${user.email} to ${newEmail}`);
    expect(linkTo(changed, REVERT_PAGE).origin).toBe(APP_ORIGIN);

    // The new address signs in; the old one is nobody's now.
    expect((await signIn(new CookieJar(), { email: newEmail, password: user.password })).error).toBeNull();
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    expect((await confirm(tokenIn(confirmation, CONFIRM_PAGE))).body.error?.code).toBe("LINK_INVALID");
    await flushAuthEvents();
    const types = (await (await rawCollection("authEvents")).find({ userId: user._id }).toArray()).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["email.change_requested", "email.changed"]));
  });

  it("answers 409 EMAIL_TAKEN for another account's address, and mails nobody", async () => {
    const { user, jar } = await signedInUser();
    const other = await createTestUser();

    const res = await requestChange(jar, { newEmail: other.email.toUpperCase(), currentPassword: user.password });

    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "EMAIL_TAKEN", fields: { newEmail: [expect.any(String)] } });
    await emailWorkSettled();
    expect(smtp().mailsTo(other.email)).toEqual([]);
    expect(smtp().mailsTo(user.email)).toEqual([]);
  });

  it("answers 409 at confirmation when another account took the address meanwhile, and keeps the email", async () => {
    const { user, jar, newEmail, confirmToken } = await pendingChange();
    await createTestUser({ email: newEmail });

    const res = await confirm(confirmToken);

    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("EMAIL_TAKEN");
    expect((await status(jar)).email).toBe(user.email);
    expect(await (await usersCollection()).countDocuments({ email: newEmail })).toBe(1);
  });

  it("refuses its own address, a missing password, and bad bodies with 400", async () => {
    const { user, jar } = await signedInUser();
    const cases: Array<[unknown, string]> = [
      [{ newEmail: user.email, currentPassword: user.password }, "newEmail"],
      [{ newEmail: newAddress() }, "currentPassword"],
      [{ newEmail: "not-an-email", currentPassword: user.password }, "newEmail"],
      [{ newEmail: { $gt: "" }, currentPassword: user.password }, "newEmail"],
    ];
    for (const [json, field] of cases) {
      const res = await requestChange(jar, json);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error?.fields ?? {})).toEqual([field]);
    }
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ userId: user._id })).toBe(0);
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await requestChange(new CookieJar(), { newEmail: newAddress() })).status).toBe(401);
    expect((await callRoute(emailRoute, { method: "GET" })).status).toBe(401);
    const { user, jar } = await signedInUser();
    const res = await requestChange(jar, { newEmail: newAddress(), currentPassword: user.password }, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });
});

describe("DELETE /api/user/email", () => {
  it("cancels a pending change: its confirmation link stops working", async () => {
    const { user, jar, confirmToken } = await pendingChange();

    const cancelled = await callRoute(emailRoute, { method: "DELETE", jar, headers: ORIGIN });

    expect(cancelled.status).toBe(204);
    expect((await status(jar)).pendingEmail).toBeNull();
    const res = await confirm(confirmToken);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("LINK_INVALID");
    expect((await status(jar)).email).toBe(user.email);
  });
});

describe("\"This wasn't me\": POST /api/auth/revert-email-change", () => {
  it("after the change: puts the old address back, signs out every device and takes the password away", async () => {
    const { user, jar, newEmail, confirmToken } = await pendingChange();
    const phone = new CookieJar();
    expect((await signIn(phone, { email: user.email, password: user.password })).error).toBeNull();
    expect((await confirm(confirmToken)).status).toBe(200);
    const changed = await smtp().waitForMail(user.email, { subject: CHANGED_SUBJECT });

    const res = await revert(tokenIn(changed, REVERT_PAGE));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: user.email, restored: true });
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.email).toBe(user.email);
    expect(stored?.emailVerified).toBeInstanceOf(Date);
    expect(await getSession(jar)).toBeNull();
    expect(await getSession(phone)).toBeNull();
    expect(await (await rawCollection("sessions")).countDocuments({ userId: user._id })).toBe(0);
    expect((await signIn(new CookieJar(), { email: newEmail, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    // Whoever asked for the change knew the password: it no longer signs in; the old address gets a link to set a new one.
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBe("INVALID_CREDENTIALS");
    expect(tokenIn(await smtp().waitForMail(user.email, { subject: /^Choose a new password for KeyForge$/ }), "/auth/reset-password")).toEqual(expect.any(String));
    // Once.
    expect((await revert(tokenIn(changed, REVERT_PAGE))).body.error?.code).toBe("LINK_INVALID");
  });

  it("before the change: cancels the pending change (restored: false) and signs out every device", async () => {
    const { user, jar, confirmToken, revertToken } = await pendingChange();

    const res = await revert(revertToken);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: user.email, restored: false });
    expect(await getSession(jar)).toBeNull();
    expect((await confirm(confirmToken)).body.error?.code).toBe("LINK_INVALID");
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.email).toBe(user.email);
    // The old address's mail was opened: it counts as verified.
    expect(stored?.emailVerified).toBeInstanceOf(Date);
  });

  it("answers 409 when the old address was taken by another account since the change, and keeps the new one", async () => {
    const { user, newEmail, confirmToken } = await pendingChange();
    expect((await confirm(confirmToken)).status).toBe(200);
    const changed = await smtp().waitForMail(user.email, { subject: CHANGED_SUBJECT });
    await createTestUser({ email: user.email });

    const res = await revert(tokenIn(changed, REVERT_PAGE));

    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("CONFLICT");
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.email).toBe(newEmail);
  });

  it("refuses made-up tokens and cross-site requests", async () => {
    expect((await revert("A".repeat(43))).body.error?.code).toBe("LINK_INVALID");
    const { user, jar, revertToken, confirmToken } = await pendingChange();
    expect((await revert(revertToken, { origin: "https://evil.example" })).status).toBe(403);
    expect((await confirm(confirmToken, { origin: "https://evil.example" })).status).toBe(403);
    expect((await getSession(jar))?.user.email).toBe(user.email);
    expect((await status(jar)).pendingEmail).not.toBeNull();
  });
});

describe("an account without a password", () => {
  async function oauthOnlyUser(email: string) {
    const { insertedId } = await (await usersCollection()).insertOne({ name: "Octo", email, emailVerified: new Date(), role: "user", sessionVersion: 0 });
    return { id: insertedId, jar: await jarForUser(insertedId.toString()) };
  }

  it("changes its email after a recent sign-in, without a password", async () => {
    const { jar } = await oauthOnlyUser("octo-fresh@example.com");
    const newEmail = newAddress();

    const res = await requestChange(jar, { newEmail });

    expect(res.status).toBe(202);
    expect((await status(jar)).hasPassword).toBe(false);
    const confirmation = await smtp().waitForMail(newEmail, { subject: CONFIRM_SUBJECT });
    expect((await confirm(tokenIn(confirmation, CONFIRM_PAGE))).status).toBe(200);
    expect((await status(jar)).email).toBe(newEmail);
  });

  it("needs a recent sign-in: 403 REAUTH_REQUIRED after an old one, and mails nobody", async () => {
    const { id, jar } = await oauthOnlyUser("octo-stale@example.com");
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 11 * 60 * 1000 }));
    const newEmail = newAddress();

    const res = await requestChange(jar, { newEmail });

    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("REAUTH_REQUIRED");
    await emailWorkSettled();
    expect(smtp().mailsTo(newEmail)).toEqual([]);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ userId: id })).toBe(0);
  });
});
