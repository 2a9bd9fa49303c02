import * as accountsRoute from "@/pages/api/user/accounts";
import * as accountRoute from "@/pages/api/user/accounts/[provider]";
import * as sessionsRoute from "@/pages/api/user/sessions/[id]";
import { flushAuthEvents } from "@/lib/audit";
import type { ConnectedAccountsResponse } from "@/lib/accounts/shared";
import { APP_ORIGIN, CookieJar, getSession, rewriteSessionToken, signIn, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { addPasskey } from "../../../helpers/passkeys";
import { OIDC_NAME, oidcProviderForThisFile, oidcSignIn, providerAccount } from "../../../helpers/oauth";
import { rawCollection, usersCollection } from "../../../helpers/users";

/** Settings → Connected accounts: connecting (NextAuth's OAuth callback while signed in), listing and disconnecting. */
const oidc = oidcProviderForThisFile();
const ORIGIN = { origin: APP_ORIGIN };
const ELEVEN_MINUTES_MS = 11 * 60 * 1000;

function list(jar: CookieJar) {
  return callRoute<ConnectedAccountsResponse>(accountsRoute, { jar });
}

function disconnect(jar: CookieJar, provider: string, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ error?: { code: string } }>(accountRoute, { method: "DELETE", jar, params: { provider }, headers });
}

async function age(jar: CookieJar, byMs: number) {
  await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - byMs }));
}

/** A user who only ever signed in with the OIDC provider, signed in (freshly) in `jar`. */
async function oauthOnlyUser() {
  const login = await providerAccount(oidc.current(), { email: `oauth-only-${Date.now()}@example.com`, email_verified: true });
  const jar = new CookieJar();
  await oidcSignIn(jar, login);
  const session = await getSession(jar);
  if (!session) throw new Error("oauthOnlyUser: the sign-in failed");
  return { jar, login, userId: session.user.id };
}

describe("connected accounts", () => {
  it("answers 401 when signed out", async () => {
    expect((await callRoute(accountsRoute)).status).toBe(401);
    expect((await disconnect(new CookieJar(), "oidc")).status).toBe(401);
  });

  it("connects a provider to the signed-in account, keeping this device's session, and lists it", async () => {
    const { user, jar } = await signedInUser();
    const before = await getSession(jar);
    expect((await list(jar)).body).toEqual({ accounts: [], available: [{ id: "oidc", name: OIDC_NAME }], hasPassword: true });
    const login = await providerAccount(oidc.current(), { email: "someone-else@example.org", email_verified: true });

    const result = await oidcSignIn(jar, login);

    expect(result.error).toBeNull();
    const after = await getSession(jar);
    expect(after?.user.id).toBe(user.id);
    expect(after?.deviceSessionId).toBe(before?.deviceSessionId);
    expect(after?.authTime).toBe(before?.authTime);
    const listed = (await list(jar)).body;
    expect(listed.available).toEqual([]);
    expect(listed.accounts).toEqual([{ provider: "oidc", providerName: OIDC_NAME, label: "someone-else@example.org", connectedAt: expect.any(String) }]);
    // The provider's address is another one: the account's own email is left as it was.
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.email).toBe(user.email);
    await flushAuthEvents();
    const linked = await (await rawCollection("authEvents")).findOne({ userId: user._id, type: "account.linked" });
    expect(linked).toMatchObject({ detail: { method: "oidc" }, deviceSessionId: expect.anything() });
    expect(linked?.deviceSessionId.toString()).toBe(before?.deviceSessionId);
    // Still signed in with the password: that stays the method this browser last used.
    expect(jar.get("keyforge.last-sign-in")).toBe("password");
  });

  it("refuses to connect after a stale sign-in, and a provider account linked to someone else", async () => {
    const { user, jar } = await signedInUser();
    await age(jar, ELEVEN_MINUTES_MS);
    const login = await providerAccount(oidc.current(), { email: "stale@example.org", email_verified: true });
    expect((await oidcSignIn(jar, login)).error).toBe("OAuthReauthRequired");
    expect(await (await rawCollection("accounts")).countDocuments({ userId: user._id })).toBe(0);

    const other = await oauthOnlyUser();
    const { jar: freshJar } = await signedInUser();
    const refused = await oidcSignIn(freshJar, other.login);
    expect(refused.error).toBe("OAuthAccountLinkedElsewhere");
    expect((await getSession(freshJar))?.user.id).not.toBe(other.userId);
  });

  it("disconnects after a recent sign-in, and asks for one otherwise", async () => {
    const { user, jar } = await signedInUser();
    await oidcSignIn(jar, await providerAccount(oidc.current(), { email: "to-remove@example.org", email_verified: true }));

    await age(jar, ELEVEN_MINUTES_MS);
    const stale = await disconnect(jar, "oidc");
    expect(stale.status).toBe(403);
    expect(stale.body.error?.code).toBe("REAUTH_REQUIRED");

    await age(jar, 0);
    expect((await disconnect(jar, "oidc", { origin: "https://evil.example" })).status).toBe(403);
    expect((await disconnect(jar, "oidc")).status).toBe(204);
    expect(await (await rawCollection("accounts")).countDocuments({ userId: user._id })).toBe(0);
    expect((await disconnect(jar, "oidc")).status).toBe(404);
    expect((await disconnect(jar, "myspace")).status).toBe(400);
  });

  it("never disconnects the last way to sign in", async () => {
    const { jar, userId, login } = await oauthOnlyUser();

    const refused = await disconnect(jar, "oidc");

    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe("LAST_SIGN_IN_METHOD");
    expect((await list(jar)).body).toMatchObject({ hasPassword: false, accounts: [{ provider: "oidc" }] });
    expect(await (await rawCollection("accounts")).countDocuments({ providerAccountId: login })).toBe(1);
    expect(await getSession(jar)).toMatchObject({ user: { id: userId } });
  });

  it("disconnects the last provider of an account that has a passkey: the passkey is a way in", async () => {
    const { jar } = await oauthOnlyUser();
    await addPasskey(jar);

    expect((await disconnect(jar, "oidc")).status).toBe(204);
  });

  it("signing in again with a linked provider renews the authentication time on the same device", async () => {
    const { jar, login } = await oauthOnlyUser();
    await age(jar, ELEVEN_MINUTES_MS);
    const before = await getSession(jar);

    expect((await oidcSignIn(jar, login)).error).toBeNull();

    const after = await getSession(jar);
    expect(after?.deviceSessionId).toBe(before?.deviceSessionId);
    expect(after!.authTime).toBeGreaterThan(Date.now() - 60_000);
  });

  it("does not connect a provider to a revoked session's user: the callback signs in as whoever the provider says", async () => {
    const { user, jar } = await signedInUser();
    const session = await getSession(jar);
    // Another device of the same user signs this one out.
    const otherDevice = new CookieJar();
    await signIn(otherDevice, { email: user.email, password: user.password });
    expect((await callRoute(sessionsRoute, { method: "DELETE", jar: otherDevice, params: { id: session!.deviceSessionId }, headers: ORIGIN })).status).toBe(204);

    const login = await providerAccount(oidc.current(), { email: "stranger@example.org", email_verified: true });
    expect((await oidcSignIn(jar, login)).error).toBeNull();

    expect(await (await rawCollection("accounts")).countDocuments({ userId: user._id })).toBe(0);
    expect((await getSession(jar))?.user.email).toBe("stranger@example.org");
  });
});
