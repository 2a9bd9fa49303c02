/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import type { AdminUserSummary, AdminUsersResponse } from "@/lib/admin/shared";
import * as usersRoute from "@/pages/api/admin/users";
import * as accountRoute from "@/pages/api/user/accounts/[provider]";
import { APP_ORIGIN, CookieJar, getSession, signedInUser, signIn } from "../../../helpers/auth";
import { commandsDuring, describeCommand } from "../../../helpers/db-commands";
import { callRoute } from "../../../helpers/http";
import { oidcProviderForThisFile, oidcSignIn, providerAccount } from "../../../helpers/oauth";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * The admin user list reads each row from the user's own document: a page is
 * the count and the page, whatever the number of rows, and what it shows of
 * sign-in methods follows linking and unlinking through the real flows
 * (NextAuth's OAuth callback, Settings' disconnect).
 */

const oidc = oidcProviderForThisFile();

beforeEach(async () => {
  for (const name of ["users", "sessions", "authEvents", "accounts"]) await (await rawCollection(name)).deleteMany({});
});

async function listed(jar: CookieJar, query = ""): Promise<{ sent: string[]; list: AdminUsersResponse }> {
  const answered: { status?: number; body?: AdminUsersResponse } = {};
  const sent = await commandsDuring(async () => Object.assign(answered, await callRoute<AdminUsersResponse>(usersRoute, { jar, query: new URLSearchParams(query) })));
  expect(answered.status).toBe(200);
  if (!answered.body) throw new Error("the list answered nothing");
  return { sent: sent.map(describeCommand), list: answered.body };
}

async function rowOf(jar: CookieJar, id: string): Promise<AdminUserSummary | undefined> {
  return (await listed(jar)).list.users.find((row) => row.id === id);
}

/** A user who signed up with the OIDC provider (no password), signed in in their own browser. */
async function providerOnlyUser() {
  const login = await providerAccount(oidc.current(), { email: `sso-${Date.now()}-${Math.random()}@example.com`, email_verified: true });
  const jar = new CookieJar();
  expect((await oidcSignIn(jar, login)).error).toBeNull();
  const session = await getSession(jar);
  if (!session) throw new Error("the provider sign-in failed");
  return { jar, id: session.user.id };
}

it("sends the count and the page, the same two for a page of 3 users as for one of 9", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  await providerOnlyUser();
  await createTestUser();
  const small = await listed(jar);
  expect(small.list.users).toHaveLength(3);
  expect(small.sent).toEqual(["aggregate users", "find users"]);

  for (let more = 0; more < 3; more += 1) await providerOnlyUser();
  for (let more = 0; more < 3; more += 1) await createTestUser();
  const large = await listed(jar);
  expect(large.list.users).toHaveLength(9);
  expect(large.sent).toEqual(small.sent);
  // Filtered by a provider, still the same two.
  expect((await listed(jar, "method=oidc")).sent).toEqual(small.sent);
});

it("shows a provider once it is connected and no longer once it is disconnected, and who has a password", async () => {
  const { jar: adminJar } = await signedInUser({ role: "admin" });
  const person = await signedInUser();
  const sso = await providerOnlyUser();
  expect(await rowOf(adminJar, person.user.id)).toMatchObject({ providers: ["password"] });
  expect(await rowOf(adminJar, sso.id)).toMatchObject({ providers: ["oidc"] });

  // Connected in Settings: NextAuth's callback while signed in, through the adapter's linkAccount.
  const login = await providerAccount(oidc.current(), { email: "connected@example.org", email_verified: true });
  expect((await oidcSignIn(person.jar, login)).error).toBeNull();
  expect(await rowOf(adminJar, person.user.id)).toMatchObject({ providers: ["password", "oidc"] });
  expect((await listed(adminJar, "method=oidc")).list.users.map((row) => row.id).sort()).toEqual([person.user.id, sso.id].sort());

  const disconnected = await callRoute(accountRoute, { method: "DELETE", jar: person.jar, params: { provider: "oidc" }, headers: { origin: APP_ORIGIN } });
  expect(disconnected.status).toBe(204);
  expect(await rowOf(adminJar, person.user.id)).toMatchObject({ providers: ["password"] });
  expect((await listed(adminJar, "method=oidc")).list.users.map((row) => row.id)).toEqual([sso.id]);
  expect((await listed(adminJar, "method=password")).list.users.map((row) => row.id)).not.toContain(sso.id);
});

it("shows the last sign-in recorded on the user, and null for one who never signed in", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const person = await createTestUser();
  expect(await rowOf(jar, person.id)).toMatchObject({ lastSignInAt: null });

  expect((await signIn(new CookieJar(), { email: person.email, password: person.password })).error).toBeNull();
  const stored = await (await usersCollection()).findOne({ _id: person._id });
  expect(stored?.lastSignInAt).toBeInstanceOf(Date);
  expect(await rowOf(jar, person.id)).toMatchObject({ lastSignInAt: (stored?.lastSignInAt as Date).toISOString() });
});
