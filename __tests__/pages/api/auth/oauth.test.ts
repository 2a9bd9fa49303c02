import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { UserModel } from "@/models/User";
import * as meRoute from "@/pages/api/user/me";
import { APP_ORIGIN, CookieJar, getSession, sessionTokenOf, signIn, signedInUser, updateSession } from "../../../helpers/auth";
import { saveTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { finishOidcSignIn, oidcProviderForThisFile, oidcSignIn, providerAccount, startOidcSignIn } from "../../../helpers/oauth";
import { loginAtProvider } from "../../../helpers/oidc-provider";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * Signing in with an OpenID Connect provider: a real one (oidc-provider) on
 * 127.0.0.1, and NextAuth's real endpoints, through the MongoDB adapter.
 */
const oidc = oidcProviderForThisFile();

async function accountsOf(userId: unknown) {
  return (await rawCollection("accounts")).find({ userId }).toArray();
}

async function eventsOf(userId: unknown) {
  await flushAuthEvents();
  return (await rawCollection("authEvents")).find({ userId }).sort({ at: 1 }).toArray();
}

async function markEmailVerified(userId: unknown) {
  await (await usersCollection()).updateOne({ _id: userId as ObjectId }, { $set: { emailVerified: new Date() } });
}

describe("signing in with an OIDC provider", () => {
  it("creates the user in users and the link in accounts on the first sign-in, with no provider tokens", async () => {
    const login = await providerAccount(oidc.current(), { email: "Ada.Lovelace@Example.COM", email_verified: true, name: "Ada" });
    const jar = new CookieJar();

    const result = await oidcSignIn(jar, login);

    expect(result).toMatchObject({ status: 302, location: `${APP_ORIGIN}/`, error: null });
    const session = await getSession(jar);
    expect(session?.user).toMatchObject({ name: "Ada", email: "ada.lovelace@example.com", role: "user" });
    const users = await (await usersCollection()).find({ email: "ada.lovelace@example.com" }).toArray();
    expect(users).toHaveLength(1);
    expect(users[0]!._id.toString()).toBe(session?.user.id);
    expect(users[0]!.emailVerified).toBeInstanceOf(Date);
    expect(users[0]).not.toHaveProperty("passwordHash");

    const accounts = await accountsOf(users[0]!._id);
    expect(accounts).toHaveLength(1);
    expect(Object.keys(accounts[0]!).sort()).toEqual(["_id", "label", "provider", "providerAccountId", "type", "userId"]);
    expect(accounts[0]).toMatchObject({ provider: "oidc", providerAccountId: login, type: "oauth", label: "ada.lovelace@example.com" });

    // Read back through UserModel: the adapter's document gets the model's defaults.
    const model = await UserModel.findById(users[0]!._id).exec();
    expect(model).toMatchObject({ role: "user", sessionVersion: 0, disabledAt: null });
    expect((await sessionTokenOf(jar))?.id).toBe(users[0]!._id.toString());

    const events = await eventsOf(users[0]!._id);
    expect(events.map((event) => [event.type, event.detail?.method])).toEqual([
      ["signup", "oidc"],
      ["account.linked", "oidc"],
      ["signin.succeeded", "oidc"],
    ]);
    expect(jar.get("keyforge.last-sign-in")).toBe("oidc");
  });

  it("reuses the user on the next sign-in, on a new device session", async () => {
    const login = await providerAccount(oidc.current(), { email: "returning@example.com", email_verified: true });
    const first = new CookieJar();
    await oidcSignIn(first, login);
    const second = new CookieJar();

    expect((await oidcSignIn(second, login)).error).toBeNull();

    const users = await (await usersCollection()).find({ email: "returning@example.com" }).toArray();
    expect(users).toHaveLength(1);
    expect(await accountsOf(users[0]!._id)).toHaveLength(1);
    const [a, b] = [await getSession(first), await getSession(second)];
    expect(b?.user.id).toBe(a?.user.id);
    expect(b?.deviceSessionId).not.toBe(a?.deviceSessionId);
  });

  it("links to a password account whose email is verified, and both ways keep working", async () => {
    const owner = await createTestUser({ email: "verified@example.com" });
    await markEmailVerified(owner._id);
    const login = await providerAccount(oidc.current(), { email: "verified@example.com", email_verified: "true" });

    const jar = new CookieJar();
    expect((await oidcSignIn(jar, login)).error).toBeNull();

    expect((await getSession(jar))?.user.id).toBe(owner.id);
    expect(await accountsOf(owner._id)).toHaveLength(1);
    expect((await signIn(new CookieJar(), { email: owner.email, password: owner.password })).error).toBeNull();
  });

  it.each([["the string \"false\"", "false"], ["false", false], ["a missing claim", undefined]])(
    "refuses an email the provider did not verify (%s) that matches an account, saying how to sign in",
    async (_name, emailVerified) => {
      const owner = await createTestUser();
      await markEmailVerified(owner._id);
      const login = await providerAccount(oidc.current(), { email: owner.email, ...(emailVerified === undefined ? {} : { email_verified: emailVerified }) });
      const jar = new CookieJar();

      const result = await oidcSignIn(jar, login);

      expect(result.error).toBe("OAuthEmailNotVerified");
      expect(result.errorQuery?.get("provider")).toBe("oidc");
      expect(result.errorQuery?.get("methods")).toBe("password");
      expect(await getSession(jar)).toBeNull();
      expect(await accountsOf(owner._id)).toHaveLength(0);
      expect(await (await rawCollection("accounts")).countDocuments({ providerAccountId: login })).toBe(0);
      expect((await eventsOf(owner._id)).at(-1)).toMatchObject({ type: "signin.failed", detail: { reason: "unverified_email" } });
    },
  );

  it("creates an account without an email for an unverified address nobody has, and for a provider with no email", async () => {
    const unverified = await providerAccount(oidc.current(), { email: "nobody-yet@example.com", email_verified: false, name: "Unverified" });
    const noEmail = await providerAccount(oidc.current(), { name: "No Email" });
    const [jarA, jarB] = [new CookieJar(), new CookieJar()];

    expect((await oidcSignIn(jarA, unverified)).error).toBeNull();
    expect((await oidcSignIn(jarB, noEmail)).error).toBeNull();

    const [a, b] = [await getSession(jarA), await getSession(jarB)];
    expect(a?.user.email).toBeNull();
    expect(b?.user.email).toBeNull();
    const users = await (await usersCollection()).find({ _id: { $in: [new ObjectId(a!.user.id), new ObjectId(b!.user.id)] } }).toArray();
    // Stored without the field (never null), so the unique email index lets there be many of them.
    expect(users.map((user) => Object.hasOwn(user, "email"))).toEqual([false, false]);
    expect(users.map((user) => user.emailVerified)).toEqual([null, null]);
    // The unverified address stays free for its owner.
    expect((await createTestUser({ email: "nobody-yet@example.com" })).email).toBe("nobody-yet@example.com");

    const me = await callRoute<{ user: { email: string | null; hasPassword: boolean } }>(meRoute, { jar: jarB });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: null, hasPassword: false });
  });

  it("gives a squatted account to the email's verified owner: the password, links, keys and sessions go", async () => {
    // An account from before keys needed a verified address: the key was stored, the address never verified.
    const { user: squatter, jar: squatterJar } = await signedInUser({ email: "victim@example.com" });
    await saveTogetherKey(squatterJar);
    await (await usersCollection()).updateOne({ _id: squatter._id }, { $set: { emailVerified: null } });
    const squatterLogin = await providerAccount(oidc.current(), { email: "squatter@example.net", email_verified: true });
    // The squatter connects their own provider account too: it must not survive.
    expect((await oidcSignIn(squatterJar, squatterLogin)).error).toBeNull();
    expect(await accountsOf(squatter._id)).toHaveLength(1);

    const ownerLogin = await providerAccount(oidc.current(), { email: "victim@example.com", email_verified: true, name: "Real Owner" });
    const ownerJar = new CookieJar();
    expect((await oidcSignIn(ownerJar, ownerLogin)).error).toBeNull();

    expect((await getSession(ownerJar))?.user).toMatchObject({ id: squatter.id, name: "Real Owner" });
    const stored = await (await usersCollection()).findOne({ _id: squatter._id });
    expect(stored).not.toHaveProperty("passwordHash");
    expect(stored).not.toHaveProperty("apiKeys");
    expect(stored?.emailVerified).toBeInstanceOf(Date);
    expect((await accountsOf(squatter._id)).map((account) => account.providerAccountId)).toEqual([ownerLogin]);
    expect(await updateSession(squatterJar)).toBeNull();
    expect((await signIn(new CookieJar(), { email: "victim@example.com", password: squatter.password })).error).toBe("INVALID_CREDENTIALS");
    expect((await oidcSignIn(new CookieJar(), squatterLogin)).error).toBeNull();
    expect((await accountsOf(squatter._id)).map((account) => account.providerAccountId)).toEqual([ownerLogin]);
    expect((await eventsOf(squatter._id)).map((event) => event.type)).toContain("account.reclaimed");
  });

  it("refuses a callback whose state or PKCE verifier does not match the browser's", async () => {
    const login = await providerAccount(oidc.current(), { email: "pkce@example.com", email_verified: true });
    const jar = new CookieJar();
    const answer = await loginAtProvider(await startOidcSignIn(jar), login);

    // Another browser (no state, PKCE or nonce cookie) brings the code back: a login CSRF.
    const elsewhere = await finishOidcSignIn(new CookieJar(), answer);
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get("location")).toContain("error=OAuthCallback");

    // The right browser, with the state changed.
    const forged = new URL(answer);
    forged.searchParams.set("state", "forged-state");
    expect((await finishOidcSignIn(jar, forged)).headers.get("location")).toContain("error=OAuthCallback");

    expect(await getSession(jar)).toBeNull();
    expect(await (await usersCollection()).countDocuments({ email: "pkce@example.com" })).toBe(0);
  });

  it("refuses a disabled user", async () => {
    const login = await providerAccount(oidc.current(), { email: "disabled@example.com", email_verified: true });
    await oidcSignIn(new CookieJar(), login);
    await (await usersCollection()).updateOne({ email: "disabled@example.com" }, { $set: { disabledAt: new Date() } });

    const jar = new CookieJar();
    const result = await oidcSignIn(jar, login);

    expect(result.error).toBe("ACCOUNT_DISABLED");
    expect(await getSession(jar)).toBeNull();
  });
});
