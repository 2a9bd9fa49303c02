import * as passkeysRoute from "@/pages/api/user/passkeys";
import * as reauthOptionsRoute from "@/pages/api/user/passkeys/reauth-options";
import * as reauthRoute from "@/pages/api/user/reauth";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { findPendingSignIn, startPendingSignIn } from "@/lib/two-factor";
import { CookieJar, getSession, jarForUser, nextAuth, rewriteSessionToken, sessionTokenOf, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { SAME_ORIGIN, addPasskey, passkeySignIn, registrationOptions, signInOptions } from "../../../helpers/passkeys";
import { rawCollection, usersCollection } from "../../../helpers/users";
import { SoftwareAuthenticator } from "../../../helpers/webauthn";

/** Signing in with a passkey (NextAuth's `passkey` provider): by itself, as a second step, and as a step-up. */
const TICKET_COOKIE = "keyforge.two-factor";

async function eventsOf(userId: string, type: string) {
  await flushAuthEvents();
  return (await rawCollection("authEvents")).find({ userId: new ObjectId(userId), type }).toArray();
}

/** A user with one registered passkey, and a fresh browser with no session. */
async function userWithPasskey(authenticator = new SoftwareAuthenticator()) {
  const { user, jar: settingsJar } = await signedInUser();
  await addPasskey(settingsJar, authenticator);
  return { user, authenticator, jar: new CookieJar() };
}

async function challenge(jar: CookieJar): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await signInOptions(jar);
  if (options.status !== 200) throw new Error(`options answered ${options.status}`);
  return options.body;
}

describe("signing in with a passkey", () => {
  it("signs in with a discoverable passkey alone: no email, a session whose method is the passkey", async () => {
    const { user, authenticator, jar } = await userWithPasskey();
    const options = await challenge(jar);
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required", allowCredentials: [] });

    const { error } = await passkeySignIn(jar, authenticator.authenticate(options));

    expect(error).toBeNull();
    const session = await getSession(jar);
    expect(session?.user.id).toBe(user.id);
    expect(jar.get("keyforge.last-sign-in")).toBe("passkey");
    const [event] = await eventsOf(user.id, "signin.succeeded").then((events) => events.slice(-1));
    expect(event?.detail).toEqual({ method: "passkey" });
    const stored = await (await rawCollection("passkeys")).findOne({ _id: authenticator.id as never });
    expect(stored?.counter).toBe(1);
    expect(stored?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses an assertion without user verification, or not valid JSON", async () => {
    const { authenticator, jar } = await userWithPasskey();
    expect((await passkeySignIn(jar, authenticator.authenticate(await challenge(jar), { userVerified: false }))).error).toBe("PASSKEY_NOT_RECOGNIZED");
    expect((await passkeySignIn(jar, { id: "x" })).error).toBe("PASSKEY_NOT_RECOGNIZED");
    expect(await getSession(jar)).toBeNull();
  });

  it("accepts each challenge once, and only one issued for a sign-in", async () => {
    const { authenticator, jar } = await userWithPasskey();
    const options = await challenge(jar);
    expect((await passkeySignIn(jar, authenticator.authenticate(options))).error).toBeNull();
    const replay = new CookieJar();
    expect((await passkeySignIn(replay, authenticator.authenticate(options))).error).toBe("PASSKEY_NOT_RECOGNIZED");

    // A challenge issued for adding a passkey, or for a step-up, is not a sign-in's.
    const { jar: settingsJar } = await signedInUser();
    const registration = await registrationOptions(settingsJar);
    expect((await passkeySignIn(replay, authenticator.authenticate(registration.body))).error).toBe("PASSKEY_NOT_RECOGNIZED");
    expect(await getSession(replay)).toBeNull();
  });

  it("refuses an unknown passkey, and one for another site", async () => {
    const { authenticator, jar } = await userWithPasskey();
    expect((await passkeySignIn(jar, new SoftwareAuthenticator().authenticate(await challenge(jar)))).error).toBe("PASSKEY_NOT_RECOGNIZED");
    const elsewhere = authenticator.authenticate(await challenge(jar), { origin: "https://evil.example" });
    expect((await passkeySignIn(jar, elsewhere)).error).toBe("PASSKEY_NOT_RECOGNIZED");
  });

  it("refuses a counter that went backwards (a copied key), and audits it", async () => {
    const { user, authenticator, jar } = await userWithPasskey(new SoftwareAuthenticator(5));
    expect((await passkeySignIn(jar, authenticator.authenticate(await challenge(jar)))).error).toBeNull();
    authenticator.counter = 2;
    const copy = new CookieJar();
    expect((await passkeySignIn(copy, authenticator.authenticate(await challenge(copy)))).error).toBe("PASSKEY_NOT_RECOGNIZED");
    expect(await getSession(copy)).toBeNull();
    const failures = await eventsOf(user.id, "signin.failed");
    expect(failures.map((event) => event.detail)).toEqual([{ reason: "passkey_counter" }]);
  });

  it("accepts a synced passkey's counter of 0 after 0, every time", async () => {
    const { authenticator, jar } = await userWithPasskey(new SoftwareAuthenticator(0, true));
    expect((await passkeySignIn(jar, authenticator.authenticate(await challenge(jar)))).error).toBeNull();
    const again = new CookieJar();
    expect((await passkeySignIn(again, authenticator.authenticate(await challenge(again)))).error).toBeNull();
    expect(await (await rawCollection("passkeys")).findOne({ _id: authenticator.id as never })).toMatchObject({ counter: 0, backedUp: true });
  });

  it("refuses a disabled account", async () => {
    const { user, authenticator, jar } = await userWithPasskey();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    expect((await passkeySignIn(jar, authenticator.authenticate(await challenge(jar)))).error).toBe("ACCOUNT_DISABLED");
    expect(await getSession(jar)).toBeNull();
  });

  it("takes the callback by POST only", async () => {
    expect((await nextAuth("callback/passkey")).status).toBe(405);
  });
});

describe("a passkey as the second step of a pending sign-in", () => {
  async function pendingFor(userId: string) {
    const { ticket } = await startPendingSignIn(userId, "password");
    const jar = new CookieJar();
    jar.set(TICKET_COOKIE, ticket);
    return { jar, ticket };
  }

  it("lists the pending user's passkeys, finishes the sign-in with the first step's method, and ends the ticket", async () => {
    const { user, authenticator } = await userWithPasskey();
    const { jar, ticket } = await pendingFor(user.id);
    const options = await challenge(jar);
    expect(options.allowCredentials).toEqual([{ id: authenticator.id, type: "public-key", transports: ["internal"] }]);

    expect((await passkeySignIn(jar, authenticator.authenticate(options))).error).toBeNull();

    expect((await getSession(jar))?.user.id).toBe(user.id);
    expect(jar.get(TICKET_COOKIE)).toBeUndefined();
    expect(await findPendingSignIn(ticket)).toBeNull();
    const [event] = (await eventsOf(user.id, "signin.succeeded")).slice(-1);
    expect(event?.detail).toEqual({ method: "password", factor: "passkey" });
  });

  it("refuses another user's passkey, and leaves the ticket as it was", async () => {
    const { user } = await userWithPasskey();
    const { authenticator: othersKey } = await userWithPasskey();
    const { jar, ticket } = await pendingFor(user.id);

    expect((await passkeySignIn(jar, othersKey.authenticate(await challenge(jar)))).error).toBe("PASSKEY_NOT_RECOGNIZED");

    expect(await getSession(jar)).toBeNull();
    expect(await findPendingSignIn(ticket)).not.toBeNull();
  });
});

describe("confirming it is you with a passkey (step-up)", () => {
  function reauthOptions(jar: CookieJar) {
    return callRoute<PublicKeyCredentialRequestOptionsJSON>(reauthOptionsRoute, { method: "POST", jar, headers: SAME_ORIGIN });
  }

  function reauth(jar: CookieJar, passkey: unknown) {
    return callRoute<{ error?: { code: string } }>(reauthRoute, { method: "POST", jar, json: { passkey }, headers: SAME_ORIGIN });
  }

  it("renews the authentication time of an account without a password", async () => {
    const { user, jar: settingsJar } = await signedInUser();
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(settingsJar, authenticator);
    await (await usersCollection()).updateOne({ _id: user._id }, { $unset: { passwordHash: "" } });
    const jar = await jarForUser(user.id);
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 11 * 60 * 1000 }));

    const options = await reauthOptions(jar);
    expect(options.body.allowCredentials).toEqual([{ id: authenticator.id, type: "public-key", transports: ["internal"] }]);
    const res = await reauth(jar, authenticator.authenticate(options.body));

    expect(res.status).toBe(204);
    expect((await sessionTokenOf(jar))?.authTime).toBeGreaterThan(Date.now() - 60_000);
    expect(await eventsOf(user.id, "passkey.used")).toHaveLength(1);
  });

  it("refuses a sign-in's challenge, another user's step-up challenge, and a user without passkeys", async () => {
    const { authenticator, user } = await userWithPasskey();
    const jar = await jarForUser(user.id);
    const signInChallenge = await challenge(new CookieJar());
    expect((await reauth(jar, authenticator.authenticate(signInChallenge))).body.error?.code).toBe("PASSKEY_NOT_RECOGNIZED");
    const { jar: otherJar } = await signedInUser();
    await addPasskey(otherJar);
    const othersChallenge = (await reauthOptions(otherJar)).body;
    expect((await reauth(jar, authenticator.authenticate(othersChallenge))).status).toBe(400);
    const { jar: noPasskeys } = await signedInUser();
    expect((await reauthOptions(noPasskeys)).status).toBe(404);
    expect((await callRoute(passkeysRoute, { jar: noPasskeys })).body).toEqual([]);
  });
});
