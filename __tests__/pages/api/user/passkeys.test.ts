import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as passkeysRoute from "@/pages/api/user/passkeys";
import * as passkeyRoute from "@/pages/api/user/passkeys/[id]";
import * as reauthOptionsRoute from "@/pages/api/user/passkeys/reauth-options";
import { flushAuthEvents } from "@/lib/audit";
import { CookieJar, jarForUser, rewriteSessionToken, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { SAME_ORIGIN, addPasskey, postPasskey, registrationOptions } from "../../../helpers/passkeys";
import { rawCollection, usersCollection } from "../../../helpers/users";
import { SoftwareAuthenticator } from "../../../helpers/webauthn";

/** Settings → Passkeys: adding one (options, then the authenticator's answer), listing, renaming and removing. */
type ErrorAnswer = { error?: { code: string } };

const ELEVEN_MINUTES_MS = 11 * 60 * 1000;

function list(jar: CookieJar) {
  return callRoute<{ id: string; name: string; lastUsedAt: string | null }[]>(passkeysRoute, { jar });
}

function rename(jar: CookieJar, id: string, name: unknown) {
  return callRoute<{ name: string } & ErrorAnswer>(passkeyRoute, { method: "PATCH", jar, params: { id }, json: { name }, headers: SAME_ORIGIN });
}

function remove(jar: CookieJar, id: string) {
  return callRoute<ErrorAnswer>(passkeyRoute, { method: "DELETE", jar, params: { id }, headers: SAME_ORIGIN });
}

async function staleSignIn(jar: CookieJar) {
  await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - ELEVEN_MINUTES_MS }));
}

async function auditOf(userId: string, type: string) {
  await flushAuthEvents();
  const { ObjectId } = await import("mongodb");
  return (await rawCollection("authEvents")).find({ userId: new ObjectId(userId), type }).toArray();
}

describe("adding a passkey", () => {
  it("answers 401 when signed out", async () => {
    const jar = new CookieJar();
    expect((await registrationOptions(jar)).status).toBe(401);
    expect((await list(jar)).status).toBe(401);
    expect((await postPasskey(jar, {})).status).toBe(401);
    expect((await remove(jar, "abc")).status).toBe(401);
  });

  it("asks for a discoverable passkey with user verification, for this site, and stores what the authenticator proves", async () => {
    const { user, jar } = await signedInUser();
    const options = await registrationOptions(jar);
    expect(options.status).toBe(200);
    expect(options.body.rp).toEqual({ id: "localhost", name: "KeyForge" });
    expect(options.body.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.body.excludeCredentials).toEqual([]);

    const authenticator = new SoftwareAuthenticator();
    const added = await postPasskey(jar, { response: authenticator.register(options.body), name: "  Laptop  " });

    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: authenticator.id, name: "Laptop", createdAt: expect.any(String), lastUsedAt: null });
    expect((await list(jar)).body).toEqual([added.body]);
    const stored = await (await rawCollection("passkeys")).findOne({ _id: authenticator.id as never });
    expect(stored).toMatchObject({ userId: user._id, counter: 0, transports: ["internal"], deviceType: "singleDevice", backedUp: false });
    expect(await auditOf(user.id, "passkey.added")).toHaveLength(1);
    // The next options exclude it, so the same authenticator is not registered twice.
    expect((await registrationOptions(jar)).body.excludeCredentials).toEqual([{ id: authenticator.id, type: "public-key", transports: ["internal"] }]);
  });

  it("refuses an answer whose challenge was spent, issued to someone else, or for another ceremony", async () => {
    const { jar } = await signedInUser();
    const { jar: otherJar } = await signedInUser();
    const authenticator = new SoftwareAuthenticator();
    const options = await registrationOptions(jar);
    const response = authenticator.register(options.body);
    expect((await postPasskey(otherJar, { response, name: "Stolen" })).body.error?.code).toBe("PASSKEY_NOT_RECOGNIZED");
    expect((await postPasskey(jar, { response, name: "Mine" })).status).toBe(201);
    const replayed = await postPasskey(jar, { response: new SoftwareAuthenticator().register(options.body), name: "Again" });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error?.code).toBe("PASSKEY_NOT_RECOGNIZED");
  });

  it("refuses an authenticator that did not verify its user, and one answering for another origin", async () => {
    const { jar } = await signedInUser();
    const noUv = await postPasskey(jar, { response: new SoftwareAuthenticator().register((await registrationOptions(jar)).body, { userVerified: false }), name: "Key" });
    expect(noUv.body.error?.code).toBe("PASSKEY_NOT_RECOGNIZED");
    const elsewhere = new SoftwareAuthenticator().register((await registrationOptions(jar)).body, { origin: "https://evil.example" });
    expect((await postPasskey(jar, { response: elsewhere, name: "Key" })).body.error?.code).toBe("PASSKEY_NOT_RECOGNIZED");
    expect((await list(jar)).body).toEqual([]);
  });

  it("needs a recent sign-in for the options, and validates the name", async () => {
    const { jar } = await signedInUser();
    const options = await registrationOptions(jar);
    const blank = await postPasskey(jar, { response: new SoftwareAuthenticator().register(options.body), name: " " });
    expect(blank.status).toBe(400);
    await staleSignIn(jar);
    const stale = await registrationOptions(jar);
    expect(stale.status).toBe(403);
    expect(stale.body.error?.code).toBe("REAUTH_REQUIRED");
  });

  it("is refused while an admin views as the user", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const { user, jar } = await signedInUser();
    const { view } = await addPasskey(jar);
    const started = await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN });
    expect(started.status).toBe(200);
    const options = await registrationOptions(adminJar);
    expect(options.status).toBe(403);
    expect(options.body.error?.code).toBe("FORBIDDEN");
    expect((await rename(adminJar, view.id, "Admin's")).status).toBe(403);
    expect((await remove(adminJar, view.id)).status).toBe(403);
    expect((await callRoute(reauthOptionsRoute, { method: "POST", jar: adminJar, headers: SAME_ORIGIN })).status).toBe(403);
    expect((await list(jar)).body).toEqual([expect.objectContaining({ name: "Test key" })]);
  });
});

describe("renaming and removing a passkey", () => {
  it("renames the user's own passkey; another user's is not found", async () => {
    const { jar } = await signedInUser();
    const { jar: otherJar } = await signedInUser();
    const { view } = await addPasskey(jar);
    const renamed = await rename(jar, view.id, "Phone");
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...view, name: "Phone" });
    expect((await rename(otherJar, view.id, "Mine now")).status).toBe(404);
    expect((await remove(otherJar, view.id)).status).toBe(404);
    expect((await rename(jar, view.id, "x".repeat(61))).status).toBe(400);
  });

  it("removes a passkey after a recent sign-in, and audits it", async () => {
    const { user, jar } = await signedInUser();
    const { view } = await addPasskey(jar);
    await staleSignIn(jar);
    expect((await remove(jar, view.id)).body.error?.code).toBe("REAUTH_REQUIRED");
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() }));
    expect((await remove(jar, view.id)).status).toBe(204);
    expect((await list(jar)).body).toEqual([]);
    expect(await auditOf(user.id, "passkey.removed")).toHaveLength(1);
  });

  it("never removes the last way in: an account with no password and no provider keeps its last passkey", async () => {
    const { user, jar: passwordJar } = await signedInUser();
    const first = await addPasskey(passwordJar);
    const second = await addPasskey(passwordJar, new SoftwareAuthenticator(), "Second");
    await (await usersCollection()).updateOne({ _id: user._id }, { $unset: { passwordHash: "" } });
    const jar = await jarForUser(user.id);

    expect((await remove(jar, first.view.id)).status).toBe(204);
    const last = await remove(jar, second.view.id);
    expect(last.status).toBe(409);
    expect(last.body.error?.code).toBe("LAST_SIGN_IN_METHOD");
    expect((await list(jar)).body).toHaveLength(1);
  });
});
