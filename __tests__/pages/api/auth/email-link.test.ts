/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "EMAIL_MAX_PER_IP_PER_HOUR": "1000", "EMAIL_MAX_PER_ADDRESS_PER_HOUR": "20"}} */
import * as emailLinkPage from "@/pages/auth/email-link";
import { forUser } from "@/lib/access";
import { flushAuthEvents } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { issueRecoveryCodes } from "@/lib/two-factor";
import { storeApiKeys } from "@/lib/vault";
import { APP_ORIGIN, CookieJar, getSession, nextAuth, signIn, signedInUser } from "../../../helpers/auth";
import { CHECK_YOUR_EMAIL, mailedLink as mailedLinkIn, openLinkPage, postCallback, pressSignIn, requestLink, sessionCookiesOf } from "../../../helpers/email-link";
import { TOGETHER_KEY } from "../../../helpers/generation";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { renderPage } from "../../../helpers/pages";
import { T0, TICKET_COOKIE, enableTotp, holdClockAt, secondStep } from "../../../helpers/two-factor";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * Sign-in by a link sent to the address, through NextAuth's real endpoints and
 * a real SMTP server: asking for a link answers the same for every address,
 * the link's page and a GET on the callback sign no one in, the same-origin
 * POST does, once, within 10 minutes, on the account rules of every sign-in.
 */
const mailServer = smtpServerForThisFile();
const smtp = () => mailServer.current();
const sessionCookies = sessionCookiesOf;
const mailedLink = (email: string) => mailedLinkIn(smtp(), email);

afterEach(async () => {
  jest.useRealTimers();
  await flushAuthEvents();
});

async function eventsOf(userId: unknown, type: string) {
  await flushAuthEvents();
  return (await rawCollection("authEvents")).find({ userId, type }).toArray();
}

describe("asking for a sign-in link", () => {
  it("mails a link to our landing page, and answers as for every address", async () => {
    const user = await createTestUser({ email: "link-owner@example.com" });
    const jar = new CookieJar();
    expect(await requestLink(jar, " Link-Owner@Example.com ")).toBe(CHECK_YOUR_EMAIL);
    const link = await mailedLink(user.email);
    expect(link.get("email")).toBe(user.email);
    expect(link.get("token")).toMatch(/^[0-9a-f]{64}$/);
    // Stored hashed, as NextAuth does: the mailed token is nowhere in the database.
    const stored = await (await rawCollection("verificationTokens")).find({ identifier: user.email }).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(link.get("token"));
    expect(await getSession(jar)).toBeNull();
  });

  it("sends nothing to a disabled account, with the very same answer", async () => {
    const user = await createTestUser({ email: "link-disabled@example.com" });
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    expect(await requestLink(new CookieJar(), user.email)).toBe(CHECK_YOUR_EMAIL);
    await emailWorkSettled();
    expect(smtp().mailsTo(user.email)).toEqual([]);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ identifier: user.email })).toBe(0);
  });

  it("refuses an address that is not one, sending nothing", async () => {
    const jar = new CookieJar();
    expect(await requestLink(jar, "not-an-address")).toMatch(/\/api\/auth\/error\?error=EmailSignin$/);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ identifier: "not-an-address" })).toBe(0);
  });
});

describe("following a sign-in link", () => {
  it("signs in only when the page's button posts it: opening the page or a GET on the callback signs no one in", async () => {
    const user = await createTestUser({ email: "link-scanner@example.com" });
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(user.email);

    // A mail scanner opens the link, and the callback itself.
    const scanner = new CookieJar();
    const page = await renderPage(emailLinkPage, `/auth/email-link?${link}`, scanner);
    expect(page.html).toContain("Sign in");
    const opened = await nextAuth("callback/email", { query: link, jar: scanner });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/auth/email-link?${link}`);
    expect(sessionCookies(opened)).toEqual([]);
    expect(await getSession(scanner)).toBeNull();
    expect(await (await rawCollection("verificationTokens")).countDocuments({ identifier: user.email })).toBe(1);

    const pressed = await pressSignIn(jar, link);
    expect(pressed.location).toBe(`${APP_ORIGIN}/settings`);
    const session = await getSession(jar);
    expect(session?.user).toMatchObject({ id: user.id, email: user.email });
    expect(jar.get("keyforge.last-sign-in")).toBe("email");
    const [event] = await eventsOf(user._id, "signin.succeeded");
    expect(event).toMatchObject({ detail: { method: "email" } });
  });

  it("says on its page when the link is not one: cut short, or a token never sent", async () => {
    const user = await createTestUser({ email: "link-malformed@example.com" });
    const cut = await openLinkPage(new CookieJar(), new URLSearchParams({ token: "abc", email: user.email }));
    expect(cut.posts).toBeNull();
    expect(cut.html).toContain("This sign-in link is not valid");
    const forged = await openLinkPage(new CookieJar(), new URLSearchParams({ token: "a".repeat(64), email: user.email }));
    expect(forged.posts).toBeNull();
    expect(forged.html).toContain("was already used (it works once), or is not one we sent");
  });

  it("refuses a cross-site post, leaving the link usable", async () => {
    const user = await createTestUser({ email: "link-cross-site@example.com" });
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(user.email);
    const forged = await pressSignIn(jar, link, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(forged.status).toBe(403);
    expect(forged.sessionCookies).toEqual([]);
    expect((await pressSignIn(jar, link)).location).toBe(`${APP_ORIGIN}/settings`);
  });

  it("works once", async () => {
    const user = await createTestUser({ email: "link-once@example.com" });
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(user.email);
    const { posts } = await openLinkPage(jar, link);
    expect((await postCallback(jar, posts!)).sessionCookies).not.toEqual([]);
    // Its page now says so, with no button; a replay of the POST is refused.
    const page = await openLinkPage(new CookieJar(), link);
    expect(page.posts).toBeNull();
    expect(page.html).toContain("This sign-in link was already used");
    const again = new CookieJar();
    const reused = await postCallback(again, posts!);
    expect(reused.location).toBe(`${APP_ORIGIN}/api/auth/error?error=Verification`);
    expect(reused.sessionCookies).toEqual([]);
    expect(await getSession(again)).toBeNull();
  });

  it("works once even when pressed in several browsers at the same moment", async () => {
    const user = await createTestUser({ email: "link-race@example.com" });
    await requestLink(new CookieJar(), user.email);
    const link = await mailedLink(user.email);
    const { posts } = await openLinkPage(new CookieJar(), link);
    const presses = await Promise.all(Array.from({ length: 6 }, () => postCallback(new CookieJar(), posts!)));
    expect(presses.filter((press) => press.sessionCookies.length > 0)).toHaveLength(1);
    expect(await eventsOf(user._id, "signin.succeeded")).toHaveLength(1);
  });

  it("works for 10 minutes", async () => {
    const user = await createTestUser({ email: "link-expiry@example.com" });
    holdClockAt(T0);
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(user.email);
    const { posts } = await openLinkPage(jar, link);
    holdClockAt(T0 + 10 * 60_000 + 1_000);
    const page = await openLinkPage(jar, link);
    expect(page.posts).toBeNull();
    expect(page.html).toContain("This sign-in link has expired");
    const late = await postCallback(jar, posts!);
    expect(late.location).toBe(`${APP_ORIGIN}/api/auth/error?error=Verification`);
    expect(late.sessionCookies).toEqual([]);
  });

  it("creates a verified account for an address that has none, and records the sign-up", async () => {
    const email = "link-newcomer@example.com";
    const jar = new CookieJar();
    await requestLink(jar, email);
    const pressed = await pressSignIn(jar, await mailedLink(email));
    expect(pressed.location).toBe(`${APP_ORIGIN}/settings`);
    const stored = await (await usersCollection()).findOne({ email });
    expect(stored?.emailVerified).toBeInstanceOf(Date);
    expect(stored?.passwordHash).toBeUndefined();
    expect((await getSession(jar))?.user).toMatchObject({ id: stored?._id.toString(), email, emailVerified: true });
    expect(await eventsOf(stored?._id, "signup")).toEqual([expect.objectContaining({ detail: expect.objectContaining({ method: "email" }) })]);
    // A new account's first device is no news: no "new sign-in" notice.
    await emailWorkSettled();
    expect(smtp().mailsTo(email).map((mail) => mail.subject)).toEqual(["Your KeyForge sign-in link"]);
  });

  it("refuses an account disabled since the link was sent, and records it", async () => {
    const user = await createTestUser({ email: "link-disabled-later@example.com" });
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(user.email);
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    const refused = await pressSignIn(jar, link);
    expect(refused.location).toBe("/auth/error?error=ACCOUNT_DISABLED");
    expect(refused.sessionCookies).toEqual([]);
    expect(await eventsOf(user._id, "signin.failed")).toEqual([expect.objectContaining({ detail: expect.objectContaining({ reason: "disabled" }) })]);
  });

  it("still asks an account with two-step verification for its second step", async () => {
    const user = await createTestUser({ email: "link-2fa@example.com" });
    await enableTotp(user.id);
    const [recoveryCode = ""] = await issueRecoveryCodes(user.id);
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const first = await pressSignIn(jar, await mailedLink(user.email));
    expect(first.location).toBe(`/auth/two-factor?${new URLSearchParams({ callbackUrl: "/settings" })}`);
    expect(first.sessionCookies).toEqual([]);
    expect(jar.get(TICKET_COOKIE)).toBeDefined();
    expect(await getSession(jar)).toBeNull();

    expect((await secondStep(jar, { recoveryCode })).error).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(user.id);
    const [event] = await eventsOf(user._id, "signin.succeeded");
    expect(event).toMatchObject({ detail: { method: "email" } });
  });

  it("gives an address registered by someone else back to its mailbox, without what they set up", async () => {
    const { user: squatter, jar: squatterJar } = await signedInUser({ email: "link-squatted@example.com", verified: false });
    await storeApiKeys(forUser({ id: squatter.id, role: "user" }), { togetherAI: TOGETHER_KEY });

    const owner = new CookieJar();
    await requestLink(owner, squatter.email);
    const pressed = await pressSignIn(owner, await mailedLink(squatter.email));
    expect(pressed.location).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(owner))?.user.id).toBe(squatter.id);

    const stored = await (await usersCollection()).findOne({ _id: squatter._id });
    expect(stored?.emailVerified).toBeInstanceOf(Date);
    expect(stored?.passwordHash).toBeUndefined();
    expect(stored?.apiKeys).toBeUndefined();
    expect(await getSession(squatterJar)).toBeNull();
    expect((await signIn(new CookieJar(), { email: squatter.email, password: squatter.password })).error).toBe("INVALID_CREDENTIALS");
    expect(await eventsOf(squatter._id, "account.reclaimed")).toEqual([expect.objectContaining({ detail: expect.objectContaining({ method: "email" }) })]);
  });
});
