import { threadId } from "node:worker_threads";
import * as bcryptjs from "bcryptjs";
import { Piscina } from "piscina";
import { closePasswordWorkers, hashPassword, verifyPassword } from "@/lib/passwords";

afterAll(closePasswordWorkers);

/**
 * bcrypt runs off the main thread, so checking passwords cannot stall the
 * event loop. Proved without a stopwatch: every hash and compare is handed
 * to the worker pool, whose threads are not this one, and bcryptjs is never
 * called here. How long the loop stalls, with and without the pool, is a
 * measurement: `npm run bench` (figure i) reports it.
 */

const BCRYPT_FUNCTIONS = ["compareSync", "compare", "hashSync", "hash"] as const;
const costFourHash = bcryptjs.hashSync("a password", 4);

describe("bcrypt runs off the main thread", () => {
  /** Every bcryptjs function that hashes or compares, as its named exports and on its default export. */
  let onThisThread: jest.SpyInstance[];
  let handedToPool: jest.SpyInstance<ReturnType<Piscina["run"]>, Parameters<Piscina["run"]>, Piscina>;

  beforeEach(() => {
    onThisThread = [bcryptjs, bcryptjs.default].flatMap((exported) => BCRYPT_FUNCTIONS.map((name) => jest.spyOn(exported, name)));
    handedToPool = jest.spyOn(Piscina.prototype, "run");
  });
  afterEach(() => jest.restoreAllMocks());

  it("control: a bcryptjs call on this thread is seen, through either export", () => {
    bcryptjs.compareSync("a password", costFourHash);
    bcryptjs.default.compareSync("a password", costFourHash);
    expect(onThisThread.filter((spy) => spy.mock.calls.length > 0)).toHaveLength(2);
  });

  it("a burst of 8 concurrent verifyPassword calls goes to the worker pool, on threads of its own", async () => {
    const hash = await hashPassword("correct horse battery");
    handedToPool.mockClear();

    const results = await Promise.all(Array.from({ length: 8 }, () => verifyPassword("correct horse battery", hash)));

    expect(results).toEqual(Array(8).fill(true));
    expect(handedToPool.mock.calls.map(([, options]) => options)).toEqual(Array(8).fill({ name: "comparePassword" }));
    for (const spy of onThisThread) expect(spy).not.toHaveBeenCalled();
    const pools = new Set(handedToPool.mock.contexts);
    expect(pools.size).toBe(1);
    for (const pool of pools) {
      expect(pool.threads.length).toBeGreaterThan(0);
      for (const worker of pool.threads) expect(worker.threadId).not.toBe(threadId);
    }
  });

  it("hashing a new password goes to the pool too", async () => {
    expect(await hashPassword("a new password")).toMatch(/^\$2b\$/);
    expect(handedToPool.mock.calls.map(([, options]) => options)).toEqual([{ name: "hashPassword" }]);
    for (const spy of onThisThread) expect(spy).not.toHaveBeenCalled();
  });
});
