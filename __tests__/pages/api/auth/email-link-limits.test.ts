/** @jest-environment-options {"env": {"EMAIL_MAX_PER_ADDRESS_PER_HOUR": "2", "EMAIL_MAX_PER_IP_PER_HOUR": "1000", "SIGNUP_MAX_PER_IP_PER_HOUR": "1"}} */
import { emailWorkSettled } from "@/lib/email-flows";
import { CookieJar, getSession } from "../../../helpers/auth";
import { CHECK_YOUR_EMAIL, mailedLink, pressSignIn, requestLink, SIGN_IN_LINK_SUBJECT } from "../../../helpers/email-link";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { createTestUser, usersCollection } from "../../../helpers/users";

/**
 * Sign-in links count against the mail limits (per address here; per network
 * is the same rule, lib/email-flows/limits.ts) whether the address has an
 * account or not, and a link that creates an account against sign-up's
 * per-network limit.
 */
const mailServer = smtpServerForThisFile();
const LIMITED = `/auth/signin?${new URLSearchParams({ error: "RATE_LIMITED", callbackUrl: "/" })}`;

describe("limits on sign-in links", () => {
  it("refuse a third link in the hour alike for an address with an account and one without, sending nothing more", async () => {
    const known = await createTestUser({ email: "limited-known@example.com" });
    const unknown = "limited-unknown@example.com";
    for (const email of [known.email, unknown]) {
      expect(await requestLink(new CookieJar(), email)).toBe(CHECK_YOUR_EMAIL);
      expect(await requestLink(new CookieJar(), email)).toBe(CHECK_YOUR_EMAIL);
      expect(await requestLink(new CookieJar(), email)).toBe(LIMITED);
    }
    await emailWorkSettled();
    for (const email of [known.email, unknown]) {
      expect(mailServer.current().mailsTo(email).filter((mail) => SIGN_IN_LINK_SUBJECT.test(mail.subject))).toHaveLength(2);
    }
  });

  it("create no more accounts from one network than sign-up does", async () => {
    const [first, second] = ["limit-newcomer-1@example.com", "limit-newcomer-2@example.com"];
    const firstJar = new CookieJar();
    const secondJar = new CookieJar();
    await requestLink(firstJar, first);
    await requestLink(secondJar, second);
    expect((await pressSignIn(firstJar, await mailedLink(mailServer.current(), first))).sessionCookies).not.toEqual([]);
    const refused = await pressSignIn(secondJar, await mailedLink(mailServer.current(), second));
    expect(refused.location).toBe("/auth/error?error=EmailLinkSignUpLimited");
    expect(await getSession(secondJar)).toBeNull();
    expect(await (await usersCollection()).countDocuments({ email: second })).toBe(0);
  });
});
