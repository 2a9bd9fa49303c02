/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import * as forgotPasswordRoute from "@/pages/api/auth/forgot-password";
import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import * as revertEmailChangeRoute from "@/pages/api/auth/revert-email-change";
import * as emailRoute from "@/pages/api/user/email";
import * as verifyEmailPage from "@/pages/auth/verify-email";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, getSession, signIn, signUp } from "../../../helpers/auth";
import { forUser } from "@/lib/access";
import { storeApiKeys } from "@/lib/vault";
import { TOGETHER_KEY } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { linkTo, smtpServerForThisFile, tokenIn } from "../../../helpers/mail";
import { oidcProviderForThisFile, oidcSignIn, providerAccount } from "../../../helpers/oauth";
import { renderPage } from "../../../helpers/pages";
import { rawCollection, usersCollection } from "../../../helpers/users";

/**
 * A "squatter" signs up with someone else's address (never verified), plants
 * an API key and connects a provider of their own. Nothing they or a mail
 * scanner can do may make the address count as verified, and the mailbox's
 * owner, by a password reset or by "This wasn't me", gets the account back
 * without anything the squatter set up. Mails to the unverified address never
 * carry the name the squatter typed.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();
const oidc = oidcProviderForThisFile();

const ORIGIN = { origin: APP_ORIGIN };
const SECURED_SUBJECT = /^Choose a new password for KeyForge$/;
const SQUATTER_NAME = "Security Team: call +1 555 0100 now";
const SQUATTER_PASSWORD = "Squatter-Owns-This-77";
const OWNER_PASSWORD = "Rightful-Owner-Lantern-31";

async function squat(email: string) {
  const created = await signUp({ name: SQUATTER_NAME, email, password: SQUATTER_PASSWORD });
  expect(created.status).toBe(201);
  const jar = new CookieJar();
  expect((await signIn(jar, { email, password: SQUATTER_PASSWORD })).error).toBeNull();
  // A squat from before keys needed a verified address: the key goes straight into the vault (the API refuses it now).
  await storeApiKeys(forUser({ id: created.body.user!.id, role: "user" }), { togetherAI: TOGETHER_KEY });
  const login = await providerAccount(oidc.current(), { email: `squatter-${email}`, email_verified: true });
  expect((await oidcSignIn(jar, login)).error).toBeNull();
  const id = created.body.user!.id;
  const stored = await (await usersCollection()).findOne({ email });
  expect(stored?.apiKeys).toBeDefined();
  expect(await (await rawCollection("accounts")).countDocuments({ userId: stored?._id })).toBe(1);
  const verification = await smtp().waitForMail(email, { subject: /^Confirm your email for KeyForge$/ });
  return { id, _id: stored!._id, jar, login, verifyUrl: linkTo(verification, "/auth/verify-email") };
}

async function takeBackWithMailedLink(email: string, subject: RegExp) {
  const token = tokenIn(await smtp().waitForMail(email, { subject }), "/auth/reset-password");
  const done = await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: OWNER_PASSWORD }, headers: ORIGIN });
  expect(done.status).toBe(200);
}

/** Everything the squatter set up is gone, and nothing of theirs signs in. */
async function expectSquatterGone(squatter: Awaited<ReturnType<typeof squat>>, email: string) {
  const stored = await (await usersCollection()).findOne({ _id: squatter._id });
  expect(stored?.apiKeys).toBeUndefined();
  expect(await (await rawCollection("accounts")).countDocuments({ userId: squatter._id })).toBe(0);
  expect(await getSession(squatter.jar)).toBeNull();
  expect((await signIn(new CookieJar(), { email, password: SQUATTER_PASSWORD })).error).toBe("INVALID_CREDENTIALS");
  // Their provider now signs in to an account of its own, not this one.
  const viaProvider = new CookieJar();
  expect((await oidcSignIn(viaProvider, squatter.login)).error).toBeNull();
  expect((await getSession(viaProvider))?.user.id).not.toBe(squatter.id);
}

describe("an account set up with someone else's address", () => {
  it("is not verified by a mail scanner opening the link, so the owner's reset removes the squatter's key, provider and password", async () => {
    const email = "victim-scanned@example.com";
    const squatter = await squat(email);

    // The scanner follows every link in the mail, as a plain GET without cookies.
    await renderPage(verifyEmailPage, `${squatter.verifyUrl.pathname}${squatter.verifyUrl.search}`, new CookieJar());
    expect((await (await usersCollection()).findOne({ _id: squatter._id }))?.emailVerified).toBeNull();

    expect((await callRoute(forgotPasswordRoute, { method: "POST", json: { email }, headers: ORIGIN })).status).toBe(200);
    await takeBackWithMailedLink(email, /^Reset your KeyForge password$/);

    await expectSquatterGone(squatter, email);
    expect((await signIn(new CookieJar(), { email, password: OWNER_PASSWORD })).error).toBeNull();
  });

  it("goes to the mailbox's owner on \"This wasn't me\": the squatter's password, key, provider and change go, and a password link comes", async () => {
    const email = "victim-notified@example.com";
    const squatter = await squat(email);
    const asked = await callRoute(emailRoute, {
      method: "POST",
      jar: squatter.jar,
      json: { newEmail: "squatter-own@example.net", currentPassword: SQUATTER_PASSWORD },
      headers: ORIGIN,
    });
    expect(asked.status).toBe(202);
    const notice = await smtp().waitForMail(email, { subject: /^Someone asked to change your KeyForge email$/ });

    const reverted = await callRoute(revertEmailChangeRoute, { method: "POST", json: { token: tokenIn(notice, "/auth/revert-email-change") }, headers: ORIGIN });

    expect(reverted.status).toBe(200);
    expect(reverted.body).toEqual({ email, restored: false });
    const stored = await (await usersCollection()).findOne({ _id: squatter._id });
    expect(stored).not.toHaveProperty("passwordHash");
    expect(await (await rawCollection("verificationTokens")).countDocuments({ userId: squatter._id, purpose: "change-email" })).toBe(0);
    await expectSquatterGone(squatter, email);
    await takeBackWithMailedLink(email, SECURED_SUBJECT);
    expect((await signIn(new CookieJar(), { email, password: OWNER_PASSWORD })).error).toBeNull();
  });

  it("never greets the unverified address by the name typed at sign-up", async () => {
    const email = "victim-greeted@example.com";
    await squat(email);
    await emailWorkSettled();

    const mails = smtp().mailsTo(email);
    // The confirmation and the provider notice (an unverified account stores no key any more, so gets no key notice).
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const mail of mails) {
      expect(mail.text).not.toContain("Security Team");
      expect(mail.html).not.toContain("Security Team");
      expect(mail.text.startsWith("Hi,\n")).toBe(true);
    }
  });
});
