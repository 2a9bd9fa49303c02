/** @jest-environment-options {"env": {"EMAIL_LINK_SIGNUP": "false", "EMAIL_MAX_PER_IP_PER_HOUR": "1000"}} */
import { emailWorkSettled } from "@/lib/email-flows";
import { CookieJar, getSession } from "../../../helpers/auth";
import { CHECK_YOUR_EMAIL, mailedLink, pressSignIn, requestLink } from "../../../helpers/email-link";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/** With EMAIL_LINK_SIGNUP=false, a link signs in to an account and never creates one, and asking says nothing about which addresses have one. */
const mailServer = smtpServerForThisFile();

describe("sign-in links that may not sign up", () => {
  it("answer an unknown address as a known one, and send it nothing", async () => {
    const known = await createTestUser({ email: "known-no-signup@example.com" });
    expect(await requestLink(new CookieJar(), known.email)).toBe(CHECK_YOUR_EMAIL);
    expect(await requestLink(new CookieJar(), "stranger-no-signup@example.com")).toBe(CHECK_YOUR_EMAIL);
    await mailedLink(mailServer.current(), known.email);
    await emailWorkSettled();
    expect(mailServer.current().mailsTo("stranger-no-signup@example.com")).toEqual([]);
    expect(await (await rawCollection("verificationTokens")).countDocuments({ identifier: "stranger-no-signup@example.com" })).toBe(0);
  });

  it("refuse to create an account when the link's account has gone since", async () => {
    const user = await createTestUser({ email: "gone-no-signup@example.com" });
    const jar = new CookieJar();
    await requestLink(jar, user.email);
    const link = await mailedLink(mailServer.current(), user.email);
    await (await usersCollection()).deleteOne({ _id: user._id });
    const refused = await pressSignIn(jar, link);
    expect(refused.location).toBe("/auth/error?error=EmailLinkSignUpClosed");
    expect(refused.sessionCookies).toEqual([]);
    expect(await getSession(jar)).toBeNull();
    expect(await (await usersCollection()).countDocuments({ email: user.email })).toBe(0);
  });
});
