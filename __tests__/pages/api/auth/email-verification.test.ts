/** @jest-environment-options {"env": {"EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as resendVerificationRoute from "@/pages/api/auth/resend-verification";
import * as verifyEmailRoute from "@/pages/api/auth/verify-email";
import * as verificationRoute from "@/pages/api/user/email/verification";
import * as verifyEmailPage from "@/pages/auth/verify-email";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { NEUTRAL_ANSWERS } from "@/lib/email-flows/shared";
import { APP_ORIGIN, CookieJar, signUp, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { linkTo, smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { renderPage, tagAttributes } from "../../../helpers/pages";
import { GOOD_PASSWORD, createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * Confirming an address: the link sign-up sends, the page that opens it (a
 * form: the link alone verifies nothing), POST /api/auth/verify-email with
 * the account's password, and the two ways to ask for a new link.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const ORIGIN = { origin: APP_ORIGIN };
const VERIFY_PAGE = "/auth/verify-email";
const VERIFY_SUBJECT = /^Confirm your email for KeyForge$/;

interface Answer {
  email?: string;
  error?: { code: string; fields?: Record<string, string[]> };
}

/** What the page's form sends: the link's token and the account's password. */
function verify(token: unknown, password: unknown = GOOD_PASSWORD, headers: Record<string, string> = ORIGIN) {
  return callRoute<Answer>(verifyEmailRoute, { method: "POST", json: { token, password }, headers });
}

let counter = 0;

/** Signs up a new account through the API and returns its address and the token of the link mailed to it. */
async function signUpAndReadLink(): Promise<{ id: string; email: string; token: string }> {
  counter += 1;
  const email = `verify${counter}@example.com`;
  const created = await signUp({ name: `Verifier ${counter}`, email, password: GOOD_PASSWORD });
  expect(created.status).toBe(201);
  const mail = await smtp().waitForMail(email, { subject: VERIFY_SUBJECT });
  return { id: created.body.user!.id, email, token: tokenIn(mail, VERIFY_PAGE) };
}

async function emailVerifiedOf(email: string): Promise<unknown> {
  return (await (await usersCollection()).findOne({ email }))?.emailVerified;
}

function resendToSelf(jar: CookieJar, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ delivery?: string; message?: string; error?: { code: string } }>(verificationRoute, { method: "POST", jar, headers });
}

function resendByEmail(email: string, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ message?: string; error?: { code: string } }>(resendVerificationRoute, { method: "POST", json: { email }, headers });
}

describe("the verification link", () => {
  it("is mailed to the new address at sign-up; its page's form, with the account's password, verifies the address once", async () => {
    const { id, email, token } = await signUpAndReadLink();
    const mail = smtp().mailsTo(email)[0]!;
    expect(linkTo(mail, VERIFY_PAGE).origin).toBe(APP_ORIGIN);
    expect(mail.html).toContain(linkTo(mail, VERIFY_PAGE).href);
    expect(mail.text).toContain(`Confirm that ${email} is your address`);

    // Opening the link (a person, or a mail scanner) shows a form and changes nothing.
    const page = await renderPage(verifyEmailPage, `${VERIFY_PAGE}?token=${token}`, new CookieJar());
    expect(tagAttributes(page.html, "input", 'name="password"')).toMatchObject({ type: "password" });
    expect(await emailVerifiedOf(email)).toBeNull();

    const res = await verify(token);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email });
    expect(await emailVerifiedOf(email)).toBeInstanceOf(Date);
    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).countDocuments({ type: "email.verified" })).toBeGreaterThanOrEqual(1);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ identifier: `verify-email:${id}` })).toBe(0);
    expect((await verify(token)).body.error?.code).toBe("LINK_INVALID");
  });

  it("refuses a wrong password with 400 WRONG_PASSWORD and keeps the link usable", async () => {
    const { email, token } = await signUpAndReadLink();

    const wrong = await verify(token, "not-the-password-1");

    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "WRONG_PASSWORD", fields: { password: [expect.any(String)] } });
    expect(await emailVerifiedOf(email)).toBeNull();
    expect((await verify(token)).status).toBe(200);
  });

  it("refuses an expired link with LINK_EXPIRED and leaves the address unverified", async () => {
    const { email, token } = await signUpAndReadLink();
    await (await rawCollection("verificationTokens")).updateMany({ email }, { $set: { expires: new Date(Date.now() - 1000) } });

    expect((await verify(token)).body.error?.code).toBe("LINK_EXPIRED");
    expect(await emailVerifiedOf(email)).toBeNull();
  });

  it("refuses a link for an address the account no longer has", async () => {
    const { id, email, token } = await signUpAndReadLink();
    const users = await usersCollection();
    const { _id } = (await users.findOne({ email }))!;
    await users.updateOne({ _id }, { $set: { email: `moved-${email}` } });

    expect((await verify(token)).body.error?.code).toBe("LINK_INVALID");
    expect((await users.findOne({ _id }))?.emailVerified).toBeNull();
    expect(id).toBe(_id.toString());
  });

  it("refuses made-up and malformed tokens and passwords with 400, and cross-site requests with 403", async () => {
    for (const token of ["A".repeat(43), "short"]) expect((await verify(token)).body.error?.code).toBe("LINK_INVALID");
    for (const token of ["", 42, null, { $ne: null }]) expect((await verify(token)).body.error?.code).toBe("VALIDATION_FAILED");
    const { email, token } = await signUpAndReadLink();
    for (const password of ["", { $ne: null }, 42]) expect((await verify(token, password)).body.error?.code).toBe("VALIDATION_FAILED");
    expect((await verify(token, GOOD_PASSWORD, { origin: "https://evil.example" })).status).toBe(403);
    expect(await emailVerifiedOf(email)).toBeNull();
  });
});

describe("POST /api/user/email/verification", () => {
  it("sends the signed-in user a new link (200, delivery \"sent\") that replaces the older one", async () => {
    const { user, jar } = await signedInUser({ verified: false });

    const res = await resendToSelf(jar);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ delivery: "sent", message: expect.stringContaining(user.email) });
    const first = tokenIn(await smtp().waitForMail(user.email, { subject: VERIFY_SUBJECT }), VERIFY_PAGE);

    expect((await resendToSelf(jar)).status).toBe(200);
    await emailWorkSettled();
    const mails = smtp().mailsTo(user.email);
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[1]!, VERIFY_PAGE);
    expect(second).not.toBe(first);

    expect((await verify(first, user.password)).body.error?.code).toBe("LINK_INVALID");
    expect((await verify(second, user.password)).body).toEqual({ email: user.email });
  });

  it("leaves at most one working link when several are asked for at the same moment", async () => {
    const { user, jar } = await signedInUser({ verified: false });

    const answers = await Promise.all(Array.from({ length: 4 }, () => resendToSelf(jar)));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    await emailWorkSettled();
    const tokens = smtp()
      .mailsTo(user.email)
      .map((mail) => tokenIn(mail, VERIFY_PAGE));
    expect(tokens).toHaveLength(4);
    const statuses = [];
    for (const token of tokens) statuses.push((await verify(token, user.password)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  });

  it("answers 409 when the address is already verified, and sends nothing", async () => {
    const { user, jar } = await signedInUser({ verified: false });
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });

    const res = await resendToSelf(jar);

    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("CONFLICT");
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await resendToSelf(new CookieJar())).status).toBe(401);
    const { user, jar } = await signedInUser({ verified: false });
    expect((await resendToSelf(jar, { origin: "https://evil.example" })).status).toBe(403);
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
  });
});

describe("POST /api/auth/resend-verification", () => {
  it("answers the same for unknown, verified, unverified and password-less accounts, and mails only the unverified password account", async () => {
    const unverified = await createTestUser({ verified: false });
    const verified = await createTestUser();
    await (await usersCollection()).updateOne({ _id: verified._id }, { $set: { emailVerified: new Date() } });
    await (await usersCollection()).insertOne({ name: "No Password", email: "no-password@example.com", emailVerified: null, role: "user", sessionVersion: 0 });
    const addresses = [unverified.email, verified.email, "no-password@example.com", "nobody-at-all@example.com"];

    const answers = await Promise.all(addresses.map((email) => resendByEmail(email)));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(JSON.stringify({ message: NEUTRAL_ANSWERS.resendVerification }));
    }
    await emailWorkSettled();
    expect(smtp().mailsTo(unverified.email)).toHaveLength(1);
    for (const email of addresses.slice(1)) expect(smtp().mailsTo(email)).toEqual([]);

    const token = tokenIn(smtp().mailsTo(unverified.email)[0]!, VERIFY_PAGE);
    expect((await verify(token, unverified.password)).body).toEqual({ email: unverified.email });
  });

  it("answers 400 to a bad email and 403 cross-site, sending nothing", async () => {
    const user = await createTestUser();
    expect((await resendByEmail("not-an-email")).status).toBe(400);
    expect((await resendByEmail(user.email, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
  });
});
