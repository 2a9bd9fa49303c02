import { flushAuthEvents } from "@/lib/audit";
import { issueRecoveryCodes, twoFactorStateOf } from "@/lib/two-factor";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, getSession, signedInUser } from "../../../helpers/auth";
import { finishOidcSignIn, oidcProviderForThisFile, providerAccount, startOidcSignIn } from "../../../helpers/oauth";
import { loginAtProvider } from "../../../helpers/oidc-provider";
import { TICKET_COOKIE, enableTotp, secondStep } from "../../../helpers/two-factor";
import { createTestUser, rawCollection } from "../../../helpers/users";

/**
 * A provider's sign-in of an account with two-step verification: a real
 * OpenID provider (oidc-provider) and NextAuth's real endpoints. The provider
 * is a first step like the password; the second step is the same callback.
 * (The clock is real here, so the second step uses a recovery code: the code
 * of the current time step was spent turning TOTP on.)
 */
const oidc = oidcProviderForThisFile();

/** The OIDC round trip in `jar`'s browser, keeping every Set-Cookie line of the callback's answer. */
async function oidcRoundTrip(jar: CookieJar, login: string) {
  const response = await finishOidcSignIn(jar, await loginAtProvider(await startOidcSignIn(jar, `${APP_ORIGIN}/settings`), login));
  return { status: response.status, location: response.headers.get("location") ?? "", setCookies: response.headers.getSetCookie() };
}

const sessionCookies = (lines: string[]) => lines.filter((line) => line.startsWith(SESSION_COOKIE));

async function accountsOf(userId: unknown) {
  return (await rawCollection("accounts")).find({ userId }).toArray();
}

describe("signing in with a provider to an account with two-step verification", () => {
  it("sends a linked account to the second step without a session, and signs it in after a recovery code", async () => {
    const login = await providerAccount(oidc.current(), { email: "linked-2fa@example.com", email_verified: true });
    await oidcRoundTrip(new CookieJar(), login);
    const [account] = await (await rawCollection("accounts")).find({ providerAccountId: login }).toArray();
    const userId = String(account?.userId);
    await enableTotp(userId);
    const [recoveryCode = ""] = await issueRecoveryCodes(userId);

    const jar = new CookieJar();
    const first = await oidcRoundTrip(jar, login);
    expect(first.location).toBe(`/auth/two-factor?${new URLSearchParams({ callbackUrl: "/settings" })}`);
    expect(sessionCookies(first.setCookies)).toEqual([]);
    expect(first.setCookies.find((line) => line.startsWith(`${TICKET_COOKIE}=`))).toMatch(/Path=\/api\/auth/);
    expect(await getSession(jar)).toBeNull();

    expect((await secondStep(jar, { recoveryCode })).error).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(userId);
    expect(jar.get("keyforge.last-sign-in")).toBe("oidc");
    await flushAuthEvents();
    const event = await (await rawCollection("authEvents")).find({ userId: account?.userId, type: "signin.succeeded" }).sort({ at: -1 }).next();
    expect(event).toMatchObject({ detail: { method: "oidc", factor: "recovery-code" } });
  });

  it("sends a verified email's account to the second step too, linking nothing before it", async () => {
    const owner = await createTestUser({ email: "verified-2fa@example.com" });
    await enableTotp(owner.id);
    const [recoveryCode = ""] = await issueRecoveryCodes(owner.id);
    const login = await providerAccount(oidc.current(), { email: owner.email, email_verified: true });

    const jar = new CookieJar();
    const first = await oidcRoundTrip(jar, login);
    expect(first.location).toMatch(/^\/auth\/two-factor\?/);
    expect(sessionCookies(first.setCookies)).toEqual([]);
    expect(await accountsOf(owner._id)).toHaveLength(0);
    expect(await (await rawCollection("users")).countDocuments({ email: owner.email })).toBe(1);

    expect((await secondStep(jar, { recoveryCode })).error).toBeNull();
    expect((await getSession(jar))?.user.id).toBe(owner.id);
  });

  it("asks nothing of the email's verified owner after a reclaim: the registrant's second step went with the account", async () => {
    const squatter = await createTestUser({ email: "squatted-2fa@example.com", verified: false });
    await enableTotp(squatter.id);
    const login = await providerAccount(oidc.current(), { email: squatter.email, email_verified: true });

    const jar = new CookieJar();
    const result = await oidcRoundTrip(jar, login);
    expect(result.location).toBe(`${APP_ORIGIN}/settings`);
    expect((await getSession(jar))?.user.id).toBe(squatter.id);
    expect(await twoFactorStateOf(squatter.id)).toEqual({ totpEnabled: false, recoveryCodesLeft: 0 });
  });

  it("does not let a signed-in browser connect its way into another account that has a second step", async () => {
    const login = await providerAccount(oidc.current(), { email: "other-2fa@example.com", email_verified: true });
    await oidcRoundTrip(new CookieJar(), login);
    const [account] = await (await rawCollection("accounts")).find({ providerAccountId: login }).toArray();
    await enableTotp(String(account?.userId));

    const { user, jar } = await signedInUser();
    const result = await oidcRoundTrip(jar, login);
    expect(result.location).toMatch(/\/auth\/error\?error=OAuthAccountLinkedElsewhere/);
    expect(jar.get(TICKET_COOKIE)).toBeUndefined();
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  it("lets a signed-in account with a second step connect a provider without asking again", async () => {
    const { user, jar } = await signedInUser();
    await enableTotp(user.id);
    const login = await providerAccount(oidc.current(), { email: "connect-2fa@example.com", email_verified: true });
    const result = await oidcRoundTrip(jar, login);
    expect(result.location).toBe(`${APP_ORIGIN}/settings`);
    expect(await accountsOf(user._id)).toHaveLength(1);
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });
});
