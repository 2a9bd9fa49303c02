import { ObjectId } from "mongodb";
import { forUser } from "@/lib/access";
import { listAuthEvents, sweepExpiredAuthEvents } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { getDb } from "@/lib/core/db";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * Events are kept AUTH_EVENT_RETENTION_DAYS (90 by default): reads never
 * return an older one, and the retention job deletes them (lib/retention;
 * no TTL index, so a changed variable holds on every server).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const context = { ip: "198.51.100.9", userAgent: "" };

async function seedAges(userId: ObjectId, agesInDays: number[]) {
  const events = agesInDays.map((days) => ({
    _id: new ObjectId(),
    userId,
    type: "signout",
    at: new Date(Date.now() - days * DAY_MS),
    ip: context.ip,
    userAgent: "",
  }));
  await (await rawCollection("authEvents")).insertMany(events);
  return events.map((event) => event._id.toString());
}

describe("audit trail retention", () => {
  it("never lists events older than 90 days", async () => {
    const user = await createTestUser();
    const [, , recent] = await seedAges(user._id, [90.01, 400, 89.9]);
    const listed = (await listAuthEvents(forUser({ id: user.id, role: "user" }))).map((event) => event.id);
    expect(listed).toEqual([recent]);
  });

  it("sweeps past the variable's period, leaving recent events alone", async () => {
    const user = await createTestUser();
    const [old, recent] = await seedAges(user._id, [120, 1]);
    expect(await sweepExpiredAuthEvents(new Date(), { ...getEnv(), AUTH_EVENT_RETENTION_DAYS: 500 })).toBe(0);
    expect(await sweepExpiredAuthEvents()).toBeGreaterThanOrEqual(1);
    const leftIds = (await (await rawCollection("authEvents")).find({ userId: user._id }).toArray()).map((event) => event._id.toString());
    expect(leftIds).toEqual([recent]);
    expect(leftIds).not.toContain(old);
  });

  it("indexes events by user and by time, with no TTL (the variable could not change it)", async () => {
    await createTestUser(); // connects, which creates every index
    const indexes = await (await getDb()).collection("authEvents").indexes();
    expect(indexes.map((index) => index.key)).toEqual(expect.arrayContaining([{ userId: 1, at: -1 }, { at: 1 }]));
    const ttl = indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ at: 1 }));
    expect(ttl?.expireAfterSeconds).toBeUndefined();
  });
});
