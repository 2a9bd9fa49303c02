/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { ObjectId } from "mongodb";
import { fillLegacyUsers, scheduleLegacyUserFill } from "@/lib/accounts";
import type { AdminUsersResponse } from "@/lib/admin/shared";
import * as usersRoute from "@/pages/api/admin/users";
import { signedInUser } from "../../helpers/auth";
import { commandsDuring, describeCommand } from "../../helpers/db-commands";
import { handDrivenTimers, until } from "../../helpers/hand-driven-timers";
import { callRoute } from "../../helpers/http";
import { createTestUser, rawCollection, usersCollection } from "../../helpers/users";

/**
 * Users from before the admin list read only `users` get its fields once, at
 * server start: `linkedProviders` from `accounts`, and `lastSignInAt` from the
 * audit trail when none was recorded on them.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

beforeEach(async () => {
  for (const name of ["users", "authEvents", "accounts"]) await (await rawCollection(name)).deleteMany({});
});

/** A user as the previous version left them: no `linkedProviders`, no `lastSignInAt` unless given. */
async function legacyUser({ password = true, lastSignInAt }: { password?: boolean; lastSignInAt?: Date } = {}) {
  const user = await createTestUser();
  const unset = { linkedProviders: 1, ...(lastSignInAt ? {} : { lastSignInAt: 1 }), ...(password ? {} : { passwordHash: 1 }) };
  await (await usersCollection()).updateOne({ _id: user._id }, { $unset: unset, ...(lastSignInAt ? { $set: { lastSignInAt } } : {}) });
  return user;
}

async function signInsInTheTrail(userId: ObjectId, times: Date[]) {
  await (await rawCollection("authEvents")).insertMany(times.map((at) => ({ _id: new ObjectId(), userId, type: "signin.succeeded", at })));
}

async function stored() {
  return (await usersCollection()).find({}, { sort: { _id: 1 } }).toArray();
}

it("gives users from before the fields their providers and last sign-in, and changes nothing the second time", async () => {
  const accounts = await rawCollection("accounts");
  const linked = await legacyUser({ password: false });
  // Two links (the older first), and sign-ins in the trail: the latest counts, a failed one and a non-sign-in do not.
  await accounts.insertMany([
    { _id: ObjectId.createFromTime(Math.floor(daysAgo(20).getTime() / 1000)), userId: linked._id, type: "oauth", provider: "google", providerAccountId: "g-1" },
    { _id: ObjectId.createFromTime(Math.floor(daysAgo(10).getTime() / 1000)), userId: linked._id, type: "oauth", provider: "github", providerAccountId: "1001" },
  ]);
  await signInsInTheTrail(linked._id, [daysAgo(5), daysAgo(2), daysAgo(30)]);
  await (await rawCollection("authEvents")).insertMany([
    { _id: new ObjectId(), userId: linked._id, type: "signin.failed", at: daysAgo(1) },
    { _id: new ObjectId(), userId: linked._id, type: "password.changed", at: daysAgo(1) },
  ]);
  // A sign-in already recorded on the user wins over the trail.
  const recorded = await legacyUser({ lastSignInAt: daysAgo(3) });
  await signInsInTheTrail(recorded._id, [daysAgo(4)]);
  // Signed in only before the trail's retention: never, as far as anyone can tell.
  const forgotten = await legacyUser();
  await signInsInTheTrail(forgotten._id, [daysAgo(200)]);
  const never = await legacyUser();
  // A user of this version: left alone.
  const current = await createTestUser();
  const before = await stored();

  expect(await fillLegacyUsers({ now, batchSize: 2 })).toBe(4);

  const after = new Map((await stored()).map((user) => [user._id.toString(), user]));
  expect(after.get(linked.id)).toMatchObject({ linkedProviders: ["google", "github"], lastSignInAt: daysAgo(2) });
  expect(after.get(recorded.id)).toMatchObject({ linkedProviders: [], lastSignInAt: daysAgo(3) });
  for (const { id } of [forgotten, never]) {
    expect(after.get(id)?.linkedProviders).toEqual([]);
    expect(after.get(id)).not.toHaveProperty("lastSignInAt");
  }
  expect(after.get(current.id)).toEqual(before.find((user) => user._id.equals(current._id)));
  // Derived fields: the account's own `updatedAt` stays.
  for (const user of before) expect(after.get(user._id.toString())?.updatedAt).toEqual(user.updatedAt);

  // Done: one read that finds no one, no write, nothing changed.
  const filled = await stored();
  let again = -1;
  const sent = await commandsDuring(async () => (again = await fillLegacyUsers({ now, batchSize: 2 })));
  expect(again).toBe(0);
  expect(sent.map(describeCommand)).toEqual(["find users"]);
  expect(await stored()).toEqual(filled);
});

it("makes users from before the fields show in the admin list as they sign in", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const legacy = await legacyUser();
  await (await rawCollection("accounts")).insertOne({ userId: legacy._id, type: "oauth", provider: "github", providerAccountId: "2002" });
  await signInsInTheTrail(legacy._id, [daysAgo(1)]);
  await fillLegacyUsers({ now });

  const list = await callRoute<AdminUsersResponse>(usersRoute, { jar });
  expect(list.body.users.find((row) => row.id === legacy.id)).toMatchObject({ providers: ["password", "github"], lastSignInAt: daysAgo(1).toISOString() });
  const filtered = await callRoute<AdminUsersResponse>(usersRoute, { jar, query: new URLSearchParams("method=github") });
  expect(filtered.body.users.map((row) => row.id)).toEqual([legacy.id]);
});

describe("scheduleLegacyUserFill", () => {
  it("fills at once, and tries again for as long as the fill fails, a minute later, then twice as long each time", async () => {
    const timers = handDrivenTimers();
    const fills: Promise<number>[] = [];
    const fill = jest.fn(() => {
      fills.push(fills.length < 2 ? Promise.reject(new Error("connection refused")) : Promise.resolve(2));
      return fills[fills.length - 1] as Promise<number>;
    });
    scheduleLegacyUserFill({ schedule: timers.schedule, fill });
    await until(() => timers.pending().length === 1);
    expect(timers.pending()).toEqual([60_000]);

    timers.fire();
    await until(() => fill.mock.calls.length === 2 && timers.pending().length === 1);
    expect(timers.pending()).toEqual([120_000]);
    timers.fire();
    await until(() => fill.mock.calls.length === 3);
    // Once the third (successful) fill and what follows it have run: no retry left.
    await fills[2];
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.pending()).toEqual([]);
  });

  it("stops retrying once stopped", async () => {
    const timers = handDrivenTimers();
    const fill = jest.fn(() => Promise.reject(new Error("connection refused")));
    const stop = scheduleLegacyUserFill({ schedule: timers.schedule, fill });
    await until(() => timers.pending().length === 1);
    stop();
    expect(timers.pending()).toEqual([]);
  });
});
