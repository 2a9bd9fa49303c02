import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient } from "mongodb";
import { AppClient, SESSION_COOKIE, type ErrorAnswer } from "./helpers/app-client";
import { startAppServer, type AppServer } from "./helpers/app-server";

/**
 * Two `next start` processes of the production build, as two instances behind
 * a load balancer: different ports, one database, one NEXTAUTH_SECRET and one
 * ENCRYPTION_KEYS. Whatever one instance decides (a session, a lockout, a rate
 * limit, a revocation, a role) the other must honour, which holds only if it
 * lives in the database or in the signed cookie, never in one process's memory.
 * Driven over HTTP as the app's pages drive it; each person has a network
 * address of their own (TRUST_PROXY, as behind a load balancer), so the
 * per-address limits of one test do not reach another.
 */

const PASSWORD = "violet-Harbor-42-lantern";
const LOCKOUT_FAILURES = 3;
const SIGNINS_PER_ADDRESS_PER_MINUTE = 4;
/** Servers run with SESSION_REVALIDATE_SECONDS=1: past this, the next request re-reads the user and the device. */
const PAST_REVALIDATION_MS = 1_200;

const env = {
  TRUST_PROXY: "true",
  SIGNIN_MAX_FAILURES_PER_EMAIL: String(LOCKOUT_FAILURES),
  SIGNIN_MAX_PER_IP_PER_MINUTE: String(SIGNINS_PER_ADDRESS_PER_MINUTE),
};

let a: AppServer;
let b: AppServer;

beforeAll(async () => {
  a = await startAppServer({ env });
  b = await startAppServer({ env, instanceOf: a });
}, 150_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

let addresses = 0;
/** A browser of its own on a network address of its own, talking to instance A first. */
function newBrowser(): AppClient {
  addresses += 1;
  return new AppClient(a.baseUrl, { ip: `203.0.113.${addresses}` });
}

let people = 0;
/** A new account, signed up through instance A's API. */
async function newAccount(): Promise<{ id: string; email: string }> {
  people += 1;
  const email = `person${people}@example.com`;
  const response = await newBrowser().request<{ user: { id: string } }>("POST", "/api/auth/signup", {
    name: `Person ${people}`,
    email,
    password: PASSWORD,
  });
  expect(response.status).toBe(201);
  return { id: response.body.user.id, email };
}

/** A browser signed in to `email` through `server`. */
async function signedIn(email: string, server: AppServer): Promise<AppClient> {
  const browser = newBrowser().on(server);
  expect((await browser.signIn(email, PASSWORD)).error).toBeNull();
  return browser;
}

test("a session cookie issued by one instance is honoured by the other", async () => {
  const { id, email } = await newAccount();
  const browser = await signedIn(email, a);

  const onB = browser.on(b);
  expect((await onB.session()).body.user).toMatchObject({ id, email, role: "user" });
  const me = await onB.get<{ user: { id: string; email: string } }>("/api/user/me");
  expect(me.status).toBe(200);
  expect(me.body.user).toMatchObject({ id, email });

  // And back: past the revalidation interval B re-issues the cookie, which A honours.
  await sleep(PAST_REVALIDATION_MS);
  expect((await onB.session()).body.user?.id).toBe(id);
  expect((await browser.get("/api/user/me")).status).toBe(200);
});

test("a lockout reached through one instance refuses the sign-in on the other; the owner's known browser still signs in", async () => {
  const { email } = await newAccount();
  const ownersBrowser = await signedIn(email, a);
  const guesser = newBrowser();
  for (let failure = 0; failure < LOCKOUT_FAILURES; failure++) {
    expect((await guesser.signIn(email, "wrong-Guess-2026-pine")).error).toBe("INVALID_CREDENTIALS");
  }

  // Even the right password is refused on B: the failure budget lives in the database.
  expect((await guesser.on(b).signIn(email, PASSWORD)).error).toBe("ACCOUNT_LOCKED");
  expect((await newBrowser().on(b).signIn(email, PASSWORD)).error).toBe("ACCOUNT_LOCKED");
  // The device cookie A gave the owner's browser is signed with the shared secret: B trusts it.
  expect((await ownersBrowser.on(b).signIn(email, PASSWORD)).error).toBeNull();
});

test("a per-address sign-in limit reached through one instance holds on the other", async () => {
  const { email } = await newAccount();
  const flooder = newBrowser();
  for (let attempt = 0; attempt < SIGNINS_PER_ADDRESS_PER_MINUTE; attempt++) {
    // Unknown accounts, so no account's lockout is involved: only the address's limit.
    expect((await flooder.signIn(`nobody${attempt}@example.com`, PASSWORD)).error).toBe("INVALID_CREDENTIALS");
  }

  const refused = await flooder.on(b).signIn(email, PASSWORD);
  expect(refused.error).toBe("TOO_MANY_ATTEMPTS");
  expect((await flooder.on(b).session()).body.user).toBeUndefined();
  // The limit is the address's, not the account's: another address signs in on B.
  expect((await newBrowser().on(b).signIn(email, PASSWORD)).error).toBeNull();
});

test("a device signed out through one instance is signed out on the other after the revalidation interval", async () => {
  const { id, email } = await newAccount();
  const laptop = await signedIn(email, a);
  const phone = await signedIn(email, a);
  const phoneOnB = phone.on(b);
  const phoneDevice = (await phoneOnB.session()).body.deviceSessionId;
  expect(phoneDevice).toMatch(/^[0-9a-f]{24}$/);
  expect(phone.jar.get(SESSION_COOKIE)).toBeTruthy();

  expect((await laptop.request("DELETE", `/api/user/sessions/${phoneDevice}`)).status).toBe(204);
  await sleep(PAST_REVALIDATION_MS);
  const refused = await phoneOnB.get<ErrorAnswer>("/api/user/me");
  expect(refused.status).toBe(401);
  expect(refused.body.error?.code).toBe("UNAUTHENTICATED");
  expect((await phoneOnB.session()).body.user).toBeUndefined();
  expect(phoneOnB.jar.get(SESSION_COOKIE)).toBeUndefined();
  expect((await laptop.on(b).get("/api/user/me")).status).toBe(200);

  // "Sign out every other device" through A ends a session B issued, too.
  const tablet = await signedIn(email, b);
  const others = await laptop.request<{ revoked: number }>("DELETE", "/api/user/sessions");
  expect(others.status).toBe(200);
  expect(others.body.revoked).toBe(1);
  await sleep(PAST_REVALIDATION_MS);
  expect((await tablet.get("/api/user/me")).status).toBe(401);
  expect((await laptop.on(b).session()).body.user?.id).toBe(id);
});

test("a role change an admin makes through one instance reaches the user's session on the other", async () => {
  const admin = await newAccount();
  await promoteInDatabase(admin.email);
  const adminBrowser = await signedIn(admin.email, a);
  const user = await newAccount();
  const userOnB = await signedIn(user.email, b);
  expect((await userOnB.session()).body.user?.role).toBe("user");
  expect((await userOnB.get<ErrorAnswer>("/api/admin/users")).body.error?.code).toBe("FORBIDDEN");

  expect((await adminBrowser.request("PATCH", `/api/admin/users/${user.id}`, { role: "admin" })).status).toBe(200);
  await sleep(PAST_REVALIDATION_MS);
  expect((await userOnB.session()).body.user?.role).toBe("admin");
  expect((await userOnB.get("/api/admin/users")).status).toBe(200);

  expect((await adminBrowser.request("PATCH", `/api/admin/users/${user.id}`, { role: "user" })).status).toBe(200);
  await sleep(PAST_REVALIDATION_MS);
  expect((await userOnB.session()).body.user?.role).toBe("user");
  const demoted = await userOnB.get<ErrorAnswer>("/api/admin/users");
  expect(demoted.status).toBe(403);
  expect(demoted.body.error?.code).toBe("FORBIDDEN");
});

/** Makes the first admin the way an operator would: in the database (the UI cannot, by design). */
async function promoteInDatabase(email: string): Promise<void> {
  const client = new MongoClient(a.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const result = await client.db().collection("users").updateOne({ email }, { $set: { role: "admin" } });
    expect(result.modifiedCount).toBe(1);
  } finally {
    await client.close();
  }
}
