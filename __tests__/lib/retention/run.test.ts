import { ObjectId, type Document } from "mongodb";
import { getEnv } from "@/lib/core/env";
import { runRetention } from "@/lib/retention";
import { rawCollection } from "../../helpers/users";

/**
 * The retention job against the real database (FerretDB in CI, so nothing
 * but the job deletes): what is past its time goes, what is not stays, other
 * collections are untouched, the variables move the cut-off, one run per
 * slot however many instances try, and a failing rule stops no other.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Each test's runs use their own hour slots, so one test's lease never answers another's. */
const BASE = Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 30 * 60 * 1000;

/** Holds the clock at `BASE` + `hours` (the lease's claim is dated by it) and returns that moment. */
function slot(hours: number): Date {
  const now = BASE + hours * HOUR_MS;
  jest.useFakeTimers({
    now,
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
  return new Date(now);
}

afterAll(() => jest.useRealTimers());

const userId = new ObjectId();

/** One document that is past its time and one that is not, per rule, as the features store them. */
function seedsFor(now: Date): Record<string, { gone: Document[]; stays: Document[] }> {
  const t = now.getTime();
  const ago = (ms: number) => new Date(t - ms);
  const ahead = (ms: number) => new Date(t + ms);
  const token = (expires: Date) => ({ _id: new ObjectId(), identifier: "a@example.com", token: new ObjectId().toString(), expires });
  const pending = (expiresAt: Date) => ({ _id: new ObjectId().toString(), userId, method: "credentials", createdAt: ago(60_000), expiresAt });
  const challenge = (expiresAt: Date) => ({ _id: new ObjectId().toString(), ceremony: "authentication", userId: null, expiresAt });
  const attempt = (expiresAt: Date) => ({ _id: new ObjectId(), key: "signin:ip:198.51.100.0/24", expiresAt });
  const session = (expires: Date) => ({ _id: new ObjectId(), sessionToken: new ObjectId().toString(), userId, expires, lastSeenAt: ago(1000) });
  const event = (at: Date) => ({ _id: new ObjectId(), userId, type: "signout", at, ip: "198.51.100.9", userAgent: "" });
  const usage = (createdAt: Date, text = false) => ({
    _id: new ObjectId(),
    userId,
    model: "m",
    promptChars: 1,
    outputChars: 1,
    durationMs: 1,
    outcome: "completed",
    createdAt,
    ...(text ? { prompt: { keyId: "k1", iv: "iv", tag: "t", data: "d" }, output: { keyId: "k1", iv: "iv", tag: "t", data: "d" } } : {}),
  });
  const mail = (state: string, at: Date) => ({
    _id: new ObjectId().toString(),
    kind: "password-reset",
    state,
    recipient: "a•••@example.com",
    createdAt: at,
    updatedAt: at,
    ...(state === "sent" ? { sentAt: at } : state === "dead" ? { diedAt: at } : {}),
  });
  return {
    verificationTokens: { gone: [token(ago(1000))], stays: [token(ahead(10 * 60_000))] },
    pendingSignIns: { gone: [pending(now)], stays: [pending(ahead(10 * 60_000))] },
    webauthnChallenges: { gone: [challenge(ago(1))], stays: [challenge(ahead(5 * 60_000))] },
    rateLimits: { gone: [attempt(ago(1000))], stays: [attempt(ahead(10 * 60_000))] },
    sessions: { gone: [session(ago(1000))], stays: [session(ahead(DAY_MS))] },
    // 90 days (the default) for the audit trail and usage.
    authEvents: { gone: [event(ago(90 * DAY_MS + 60_000)), event(ago(400 * DAY_MS))], stays: [event(ago(89 * DAY_MS))] },
    // History the user keeps stays however old; usage without text goes after 90 days.
    generations: { gone: [usage(ago(91 * DAY_MS))], stays: [usage(ago(89 * DAY_MS)), usage(ago(400 * DAY_MS), true)] },
    // Outbox metadata: sent mails after 7 days, dead ones after 30; a waiting mail stays however old.
    outbox: {
      gone: [mail("sent", ago(7 * DAY_MS + 60_000)), mail("dead", ago(31 * DAY_MS))],
      stays: [mail("sent", ago(6 * DAY_MS)), mail("dead", ago(29 * DAY_MS)), mail("queued", ago(40 * DAY_MS))],
    },
  };
}

async function seed(now: Date) {
  const seeds = seedsFor(now);
  for (const [name, { gone, stays }] of Object.entries(seeds)) await (await rawCollection(name)).insertMany([...gone, ...stays]);
  return seeds;
}

async function idsIn(name: string, docs: Document[]): Promise<string[]> {
  const found = await (await rawCollection(name)).find({ _id: { $in: docs.map((doc) => doc._id) } }).toArray();
  return found.map((doc) => String(doc._id)).sort();
}

const ids = (docs: Document[]) => docs.map((doc) => String(doc._id)).sort();

describe("each retention rule", () => {
  const now = slot(0);
  let seeds: ReturnType<typeof seedsFor>;
  let counts: Record<string, number | null>;
  let untouched: Document;

  beforeAll(async () => {
    // Another collection, with dates long past: the job has no rule for it.
    untouched = { _id: new ObjectId(), userId, name: "old", createdAt: new Date(0), expiresAt: new Date(0) };
    await (await rawCollection("passkeys")).insertOne(untouched);
    seeds = await seed(now);
    const run = await runRetention({ now });
    if (!run.ran) throw new Error("the first run of its slot must run");
    counts = run.counts;
  });

  it.each(["verificationTokens", "pendingSignIns", "webauthnChallenges", "rateLimits", "sessions", "authEvents", "generations", "outbox"])(
    "%s: what is past its time goes, the rest stays",
    async (name) => {
      const { gone, stays } = seeds[name]!;
      expect(await idsIn(name, gone)).toEqual([]);
      expect(await idsIn(name, stays)).toEqual(ids(stays));
    },
  );

  it("reports each rule's count, and leaves collections it has no rule for alone", async () => {
    expect(counts).toEqual({
      emailTokens: 1,
      pendingSignIns: 1,
      webauthnChallenges: 1,
      // claimOnce (the lease) sweeps expired attempts itself, at most once a minute: it may have been first.
      rateLimits: expect.any(Number),
      sessions: 1,
      authEvents: 2,
      usageRecords: 1,
      outbox: 2,
      pendingDeletions: 0,
    });
    expect(await (await rawCollection("passkeys")).findOne({ _id: untouched._id })).toEqual(untouched);
  });
});

describe("the retention variables", () => {
  it("move the cut-off of the audit trail and of usage records", async () => {
    const now = slot(2);
    // Only this test's documents, so the counts are about them.
    await (await rawCollection("authEvents")).deleteMany({});
    await (await rawCollection("generations")).deleteMany({});
    const event = { _id: new ObjectId(), userId, type: "signout", at: new Date(now.getTime() - 20 * DAY_MS), ip: "198.51.100.9", userAgent: "" };
    const usage = { _id: new ObjectId(), userId, model: "m", promptChars: 1, outputChars: 1, durationMs: 1, outcome: "completed", createdAt: event.at };
    await (await rawCollection("authEvents")).insertOne(event);
    await (await rawCollection("generations")).insertOne(usage);

    const longer = { ...getEnv(), AUTH_EVENT_RETENTION_DAYS: 30, USAGE_RETENTION_DAYS: 30 };
    expect(await runRetention({ now, env: longer })).toMatchObject({ ran: true, counts: { authEvents: 0, usageRecords: 0 } });
    expect(await idsIn("authEvents", [event])).toEqual(ids([event]));

    // Only the audit trail's period shortened: the usage record stays.
    const shorter = { ...getEnv(), AUTH_EVENT_RETENTION_DAYS: 10, USAGE_RETENTION_DAYS: 30 };
    expect(await runRetention({ now: slot(3), env: shorter })).toMatchObject({ ran: true, counts: { authEvents: 1, usageRecords: 0 } });
    expect(await idsIn("authEvents", [event])).toEqual([]);
    expect(await idsIn("generations", [usage])).toEqual(ids([usage]));

    const shortUsage = { ...getEnv(), USAGE_RETENTION_DAYS: 19 };
    expect(await runRetention({ now: slot(4), env: shortUsage })).toMatchObject({ ran: true, counts: { usageRecords: 1 } });
    expect(await idsIn("generations", [usage])).toEqual([]);
  });
});

describe("several instances", () => {
  it("two runs of one slot at once: one does the work, the other nothing", async () => {
    const now = slot(6);
    const seeds = await seed(now);
    const runs = await Promise.all([runRetention({ now }), runRetention({ now })]);
    expect(runs.filter((run) => run.ran)).toHaveLength(1);
    const done = runs.find((run) => run.ran);
    expect(done?.ran && done.counts.authEvents).toBe(2);
    for (const [name, { gone, stays }] of Object.entries(seeds)) {
      expect({ name, gone: await idsIn(name, gone), stays: await idsIn(name, stays) }).toEqual({ name, gone: [], stays: ids(stays) });
    }
    // An instance that comes later in the same slot does nothing either.
    expect(await runRetention({ now: new Date(now.getTime() + 20 * 60 * 1000) })).toEqual({ ran: false, slot: done?.slot });
  });

  it("two runs that both get through (the ends of two slots) delete the same documents once, and nothing more", async () => {
    const now = new Date(slot(8).getTime() + 29 * 60_000);
    jest.setSystemTime(now);
    const seeds = await seed(now);
    // 00:59 and 01:01: two slots, so both runs get their lease.
    const runs = await Promise.all([runRetention({ now }), runRetention({ now: new Date(now.getTime() + 2 * 60_000) })]);
    expect(runs.every((run) => run.ran)).toBe(true);
    for (const [name, { gone, stays }] of Object.entries(seeds)) {
      expect({ name, gone: await idsIn(name, gone), stays: await idsIn(name, stays) }).toEqual({ name, gone: [], stays: ids(stays) });
    }
  });
});

describe("a failing rule", () => {
  it("is reported, and the other rules still run", async () => {
    const now = slot(11);
    const seeds = await seed(now);
    const { RETENTION_RULES } = await import("@/lib/retention/rules");
    const broken = { name: "broken", collection: "nowhere", ttlIndex: false, apply: () => Promise.reject(new Error("database said no")) };
    const run = await runRetention({ now, rules: [broken, ...RETENTION_RULES] });
    expect(run).toMatchObject({ ran: true, counts: { broken: null, authEvents: 2, usageRecords: 1 } });
    expect(await idsIn("authEvents", seeds.authEvents!.gone)).toEqual([]);
  });
});

describe("an operator's run (npm run retention)", () => {
  it("runs even when this slot's run was done, deleting what has come due since", async () => {
    const now = slot(13);
    expect(await runRetention({ now })).toMatchObject({ ran: true });
    const seeds = await seed(now);
    expect(await runRetention({ now })).toMatchObject({ ran: false });
    expect(await runRetention({ now, unclaimed: true })).toMatchObject({ ran: true, counts: { authEvents: 2 } });
    expect(await idsIn("authEvents", seeds.authEvents!.gone)).toEqual([]);
  });
});
