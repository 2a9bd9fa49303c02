import { ObjectId } from "mongodb";
import { forUser } from "@/lib/access";
import { flushAuthEvents, listAuthEvents, recordAuthEvent, sweepExpiredAuthEvents } from "@/lib/audit";
import { getDb } from "@/lib/core/db";
import { createTestUser, rawCollection } from "../../helpers/users";

/**
 * Events are kept 90 days: reads never return an older one, and they are
 * deleted, by MongoDB's TTL index where the server has one and by the app's
 * own sweep everywhere (FerretDB has no TTL monitor).
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
  // First in the file on purpose: the sweep runs with this process's first write, then hourly.
  it("deletes events older than 90 days with the next write, and never lists them", async () => {
    const user = await createTestUser();
    const [old, older, recent] = await seedAges(user._id, [90.01, 400, 89.9]);

    const listed = (await listAuthEvents(forUser({ id: user.id, role: "user" }))).map((event) => event.id);
    expect(listed).toEqual([recent]);

    await recordAuthEvent({ type: "password.changed", userId: user.id, context });
    await flushAuthEvents();
    const left = await (await rawCollection("authEvents")).find({ userId: user._id }).toArray();
    const leftIds = left.map((event) => event._id.toString());
    expect(leftIds).toContain(recent);
    expect(leftIds).not.toContain(old);
    expect(leftIds).not.toContain(older);
    expect(left.map((event) => event.type).sort()).toEqual(["password.changed", "signout"]);
  });

  it("sweeps on demand too, leaving recent events alone", async () => {
    const user = await createTestUser();
    const [old, recent] = await seedAges(user._id, [120, 1]);
    expect(await sweepExpiredAuthEvents()).toBeGreaterThanOrEqual(1);
    const leftIds = (await (await rawCollection("authEvents")).find({ userId: user._id }).toArray()).map((event) => event._id.toString());
    expect(leftIds).toEqual([recent]);
    expect(leftIds).not.toContain(old);
  });

  it("indexes events by user and time, with a 90-day TTL where the server supports one", async () => {
    await createTestUser(); // connects, which creates every index
    const indexes = await (await getDb()).collection("authEvents").indexes();
    expect(indexes.map((index) => index.key)).toEqual(expect.arrayContaining([{ userId: 1, at: -1 }, { at: 1 }]));
    const ttl = indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ at: 1 }));
    if (ttl?.expireAfterSeconds !== undefined) expect(ttl.expireAfterSeconds).toBe(90 * 24 * 60 * 60);
  });
});
