/** @jest-environment-options {"env": {"REQUIRE_EMAIL_VERIFICATION": "true"}} */
import * as resendVerificationRoute from "@/pages/api/auth/resend-verification";
import { flushAuthEvents } from "@/lib/audit";
import { verifyEmail } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, getSession, signIn, signUp } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { GOOD_PASSWORD, rawCollection, usersCollection } from "../../../helpers/users";

/** REQUIRE_EMAIL_VERIFICATION=true: a password account signs in only once its email is confirmed. */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const VERIFY_PAGE = "/auth/verify-email";
const VERIFY_SUBJECT = /^Confirm your email for KeyForge$/;
const PAGE_CONTEXT = { ip: "127.0.0.1", userAgent: "jest: the verify-email page" };

// A sign-in records its event after answering: written before the file's database connection closes.
afterEach(() => flushAuthEvents());

describe("sign-in with REQUIRE_EMAIL_VERIFICATION=true", () => {
  it("refuses an unverified account's right password with EMAIL_NOT_VERIFIED, a wrong one as usual, and signs in once verified", async () => {
    const email = "must-verify@example.com";
    expect((await signUp({ name: "Must Verify", email, password: GOOD_PASSWORD })).status).toBe(201);
    const token = tokenIn(await smtp().waitForMail(email, { subject: VERIFY_SUBJECT }), VERIFY_PAGE);

    const refused = new CookieJar();
    expect((await signIn(refused, { email, password: GOOD_PASSWORD })).error).toBe("EMAIL_NOT_VERIFIED");
    expect(await getSession(refused)).toBeNull();
    // A wrong password says nothing about the address: the usual refusal.
    expect((await signIn(new CookieJar(), { email, password: "not-the-password-1" })).error).toBe("INVALID_CREDENTIALS");
    expect((await signIn(new CookieJar(), { email: "nobody@example.com", password: GOOD_PASSWORD })).error).toBe("INVALID_CREDENTIALS");
    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).countDocuments({ type: "signin.failed", "detail.reason": "email_not_verified" })).toBe(1);
    expect(await (await rawCollection("sessions")).countDocuments({})).toBe(0);

    await verifyEmail(token, PAGE_CONTEXT);

    const jar = new CookieJar();
    expect((await signIn(jar, { email, password: GOOD_PASSWORD })).error).toBeNull();
    expect((await getSession(jar))?.user.email).toBe(email);
  });

  it("lets a refused user ask for a new link from the sign-in page, and that link lets them in", async () => {
    const email = "lost-the-mail@example.com";
    expect((await signUp({ name: "Lost Mail", email, password: GOOD_PASSWORD })).status).toBe(201);
    await smtp().waitForMail(email, { subject: VERIFY_SUBJECT });
    expect((await signIn(new CookieJar(), { email, password: GOOD_PASSWORD })).error).toBe("EMAIL_NOT_VERIFIED");

    const resent = await callRoute(resendVerificationRoute, { method: "POST", json: { email }, headers: { origin: APP_ORIGIN } });
    expect(resent.status).toBe(200);
    for (let waited = 0; smtp().mailsTo(email).length < 2 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const [first, second] = smtp().mailsTo(email);

    // Only the newest link counts.
    await expect(verifyEmail(tokenIn(first!, VERIFY_PAGE), PAGE_CONTEXT)).rejects.toMatchObject({ code: "LINK_INVALID" });
    await verifyEmail(tokenIn(second!, VERIFY_PAGE), PAGE_CONTEXT);
    expect((await (await usersCollection()).findOne({ email }))?.emailVerified).toBeInstanceOf(Date);
    expect((await signIn(new CookieJar(), { email, password: GOOD_PASSWORD })).error).toBeNull();
  });
});
