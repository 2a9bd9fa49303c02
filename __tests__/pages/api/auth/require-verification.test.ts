/** @jest-environment-options {"env": {"REQUIRE_EMAIL_VERIFICATION": "true"}} */
import * as resendVerificationRoute from "@/pages/api/auth/resend-verification";
import * as verifyEmailRoute from "@/pages/api/auth/verify-email";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, getSession, signIn, signUp } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { GOOD_PASSWORD, rawCollection, usersCollection } from "../../../helpers/users";

/** REQUIRE_EMAIL_VERIFICATION=true: a password account signs in only once its email is confirmed. */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();

const VERIFY_PAGE = "/auth/verify-email";
const VERIFY_SUBJECT = /^Confirm your email for KeyForge$/;

/** The verify-email page's form: the link's token and the account's password (no session needed, none can exist yet). */
function verify(token: string) {
  return callRoute<{ email?: string; error?: { code: string } }>(verifyEmailRoute, {
    method: "POST",
    json: { token, password: GOOD_PASSWORD },
    headers: { origin: APP_ORIGIN },
  });
}

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

    expect((await verify(token)).status).toBe(200);

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
    await emailWorkSettled();
    const [first, second] = smtp().mailsTo(email);

    // Only the newest link counts.
    expect((await verify(tokenIn(first!, VERIFY_PAGE))).body.error?.code).toBe("LINK_INVALID");
    expect((await verify(tokenIn(second!, VERIFY_PAGE))).status).toBe(200);
    expect((await (await usersCollection()).findOne({ email }))?.emailVerified).toBeInstanceOf(Date);
    expect((await signIn(new CookieJar(), { email, password: GOOD_PASSWORD })).error).toBeNull();
  });
});
