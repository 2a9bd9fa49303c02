/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { ObjectId } from "mongodb";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as serverSessionRoute from "@/pages/api/user/session";
import { getSession, pastRevalidation, signedInUser, signIn, CookieJar } from "../../../helpers/auth";
import { commandsDuring, describeCommand } from "../../../helpers/db-commands";
import { callRoute } from "../../../helpers/http";
import { createTestUser } from "../../../helpers/users";

/**
 * Database commands per request, as the driver's command monitoring sees them
 * (lib/core/db.ts publishes each one): the auth paths' cost in round trips,
 * held where the benchmark (bench/) measured it.
 */

beforeAll(async () => {
  // The first sign-in of a process also creates indexes and sweeps expired attempts.
  await signedInUser();
});

/** A browser that signed in to `user` before: it brings the device cookie that sign-in set. */
async function returningBrowser(user: { email: string; password: string }): Promise<CookieJar> {
  const jar = new CookieJar();
  expect((await signIn(jar, { email: user.email, password: user.password })).error).toBeNull();
  return jar;
}

it("a session check inside the revalidation interval sends none", async () => {
  const { jar } = await signedInUser();

  expect(await commandsDuring(() => getSession(jar))).toEqual([]);
  expect(await commandsDuring(() => callRoute(serverSessionRoute, { jar }))).toEqual([]);
});

it("a session check at revalidation reads the user and touches the device, nothing else", async () => {
  const { jar } = await signedInUser();
  await pastRevalidation(jar);

  expect((await commandsDuring(() => getSession(jar))).map(describeCommand).sort()).toEqual(["find users", "findAndModify sessions"]);
  expect(await commandsDuring(() => getSession(jar))).toEqual([]);
});

it(
  "a returning browser's password sign-in sends eight, each by key but the attempts' count: " +
    "insert rateLimits (its attempts), aggregate rateLimits (their count), find users by _id (the account its device cookie names), " +
    "delete rateLimits by _id (its own budget attempt: the count showed no failures), find twoFactors by _id (is a second step on), " +
    "insert sessions (the device), update users (lastSignInAt), insert authEvents (the audit event)",
  async () => {
    const user = await createTestUser();
    const jar = await returningBrowser(user);

    const sent = await commandsDuring(() => signIn(jar, { email: user.email, password: user.password }));
    expect(sent.map(describeCommand).sort()).toEqual([
      "aggregate rateLimits",
      "delete rateLimits",
      "find twoFactors",
      "find users",
      "insert authEvents",
      "insert rateLimits",
      "insert sessions",
      "update users",
    ]);
    const byName = (name: string, collection: string) => sent.find((command) => command.name === name && command.collection === collection);
    expect(byName("find", "users")?.filter).toEqual({ _id: new ObjectId(user.id) });
    expect(byName("delete", "rateLimits")?.writeFilter).toEqual({ _id: expect.any(ObjectId) });
    expect(byName("find", "twoFactors")?.filter).toEqual({ _id: new ObjectId(user.id) });
    expect(byName("update", "users")?.writeFilter).toEqual({ _id: new ObjectId(user.id) });
  },
);

it("a new browser's sign-in finds the user by email (no device cookie names the account), the rest as a returning one's", async () => {
  const user = await createTestUser();

  const sent = await commandsDuring(() => signIn(new CookieJar(), { email: user.email, password: user.password }));
  expect(sent.filter((command) => command.collection === "users").map((command) => command.filter ?? command.writeFilter)).toEqual([
    { email: user.email },
    { _id: new ObjectId(user.id) },
  ]);
  expect(sent).toHaveLength(8);
});

it("a sign-in after failures clears the whole failure budget, by its key", async () => {
  const user = await createTestUser();
  const jar = await returningBrowser(user);
  expect((await signIn(jar, { email: user.email, password: "wrong-password" })).error).toBe("INVALID_CREDENTIALS");

  const sent = await commandsDuring(() => signIn(jar, { email: user.email, password: user.password }));
  expect(sent.filter((command) => command.name === "delete").map((command) => command.writeFilter)).toEqual([{ key: expect.stringMatching(/^signin:device:/) }]);
  // The budget is whole again: five failures before a lock.
  for (let attempt = 0; attempt < 5; attempt++) expect((await signIn(jar, { email: user.email, password: "wrong-password" })).error).toBe("INVALID_CREDENTIALS");
  expect((await signIn(jar, { email: user.email, password: user.password })).error).toBe("ACCOUNT_LOCKED");
});

it("a vault read sends one, a plain lookup by id (the policy's own condition merged in, not wrapped around it)", async () => {
  const { user, jar } = await signedInUser();

  const sent = await commandsDuring(() => callRoute(apiKeysRoute, { jar }));
  expect(sent.map(describeCommand)).toEqual(["find users"]);
  expect(sent[0]?.filter).toEqual({ _id: new ObjectId(user.id) });
});
