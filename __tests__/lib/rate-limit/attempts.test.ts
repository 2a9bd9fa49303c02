import { ObjectId } from "mongodb";
import * as rateLimits from "@/lib/rate-limit";
import { commandsDuring, describeCommand } from "../../helpers/db-commands";
import { rawCollection } from "../../helpers/users";

/**
 * The limits against the real database: what a burst gets through when two
 * app instances count one key at once, how the window rolls over (the clock
 * held, never waited for), and the commands an attempt costs.
 */

/** A second copy of the module, as another app instance has it (no state of the first is shared but the database). */
function anotherInstance(): typeof rateLimits {
  let copy: typeof rateLimits | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof rateLimits>("@/lib/rate-limit");
  });
  if (!copy) throw new Error("the module did not load");
  return copy;
}

let keys = 0;
const newKey = () => `test:${new ObjectId().toString()}:${keys++}`;

function holdClockAt(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
}

afterEach(() => jest.useRealTimers());

describe("a burst against one key from two instances", () => {
  it("gets at most `limit` attempts through, and the window holds exactly `limit` once the burst is over (refused ones are not kept)", async () => {
    const instances = [rateLimits, anotherInstance()];
    const key = newKey();
    const rule = { limit: 5, windowSeconds: 600 };

    const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => instances[i % 2]!.consumeRateLimits([{ key, rule }])));
    const allowedInBurst = burst.filter(([result]) => result?.allowed).length;
    // Each attempt is inserted, then counted: when all are in before any count, all may be refused
    // (measured: 0 of 24). Never more than the limit, which is what a limit must hold.
    expect(allowedInBurst).toBeLessThanOrEqual(5);

    // Refused attempts were not kept: the rest of the budget is still there, and no more.
    let allowedAfter = 0;
    for (let i = 0; ; i++) {
      const [result] = await instances[i % 2]!.consumeRateLimits([{ key, rule }]);
      if (!result?.allowed) break;
      allowedAfter += 1;
    }
    expect(allowedInBurst + allowedAfter).toBe(5);
  });

  it("claims a once-key for exactly one of them", async () => {
    const instances = [rateLimits, anotherInstance()];
    const key = newKey();

    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => instances[i % 2]!.claimOnce(key, 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});

describe("the window", () => {
  it("counts an attempt until its window has passed, and not a moment longer", async () => {
    const t0 = Date.UTC(2026, 11, 7, 9, 0, 0);
    const key = newKey();
    const rule = { limit: 2, windowSeconds: 60 };
    const attempt = async () => (await rateLimits.consumeRateLimits([{ key, rule }]))[0]!;

    holdClockAt(t0);
    expect(await attempt()).toMatchObject({ allowed: true, remaining: 1 });
    holdClockAt(t0 + 20_000);
    expect(await attempt()).toMatchObject({ allowed: true, remaining: 0 });
    expect(await attempt()).toMatchObject({ allowed: false, retryAfterSeconds: 40 });

    // The first attempt's minute ends at t0 + 60 s: one more then, the second's 20 s later.
    holdClockAt(t0 + 59_999);
    expect(await attempt()).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    holdClockAt(t0 + 60_000);
    expect(await attempt()).toMatchObject({ allowed: true, remaining: 0 });
    expect(await attempt()).toMatchObject({ allowed: false, retryAfterSeconds: 20 });
  });

  it("blocks a key until the block's end, and no longer", async () => {
    const t0 = Date.UTC(2026, 11, 7, 10, 0, 0);
    const key = newKey();
    holdClockAt(t0);
    expect(await rateLimits.blockedFor(key)).toBe(0);
    await rateLimits.blockFor(key, 300);
    holdClockAt(t0 + 299_500);
    expect(await rateLimits.blockedFor(key)).toBe(1);
    holdClockAt(t0 + 300_000);
    expect(await rateLimits.blockedFor(key)).toBe(0);
  });
});

describe("the commands an attempt costs", () => {
  it("two limits at once: one insert and one count, whatever their number", async () => {
    const rule = { limit: 3, windowSeconds: 60 };
    const sent = await commandsDuring(() => rateLimits.consumeRateLimits([{ key: newKey(), rule }, { key: newKey(), rule }]));
    expect(sent.map(describeCommand).sort()).toEqual(["aggregate rateLimits", "insert rateLimits"]);
  });

  it("clearing a key whose count was this attempt alone deletes it by _id; after other attempts, every attempt of the key", async () => {
    const rule = { limit: 3, windowSeconds: 60 };
    const alone = newKey();
    const [first] = await rateLimits.consumeRateLimits([{ key: alone, rule }]);
    const sent = await commandsDuring(() => first!.clear());
    expect(sent.map((command) => [describeCommand(command), command.writeFilter])).toEqual([["delete rateLimits", { _id: expect.any(ObjectId) }]]);
    expect(await (await rawCollection("rateLimits")).countDocuments({ key: alone })).toBe(0);

    const crowded = newKey();
    await rateLimits.consumeRateLimits([{ key: crowded, rule }]);
    const [second] = await rateLimits.consumeRateLimits([{ key: crowded, rule }]);
    const sentAfter = await commandsDuring(() => second!.clear());
    expect(sentAfter.map((command) => command.writeFilter)).toEqual([{ key: crowded }]);
    expect(await (await rawCollection("rateLimits")).countDocuments({ key: crowded })).toBe(0);
  });
});
