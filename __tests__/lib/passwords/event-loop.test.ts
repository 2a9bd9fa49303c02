import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { compareSync, hashSync } from "bcryptjs";
import { closePasswordWorkers, verifyPassword } from "@/lib/passwords";

afterAll(closePasswordWorkers);

/** The longest the event loop may stall while passwords are being checked. */
const MAX_STALL_MS = 20;

/** The worst event-loop delay, in ms, observed while `work` runs. */
async function worstStallMsDuring(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    // The histogram's first timer tick only sets its baseline, so a stall before
    // that tick would go unrecorded: wait for one recorded tick before starting.
    while (histogram.count === 0) await sleep(1);
    await work();
    await sleep(5); // let the timer tick once more after the work
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

describe("bcrypt runs off the main thread", () => {
  const password = "correct horse battery";
  const costTenHash = hashSync(password, 10);

  it("control: one bcryptjs compareSync on the main thread stalls the loop", async () => {
    const stallMs = await worstStallMsDuring(async () => {
      expect(compareSync(password, costTenHash)).toBe(true);
    });
    expect(stallMs).toBeGreaterThan(MAX_STALL_MS);
  });

  it("a burst of 8 concurrent verifyPassword calls keeps the loop responsive", async () => {
    let results: boolean[] = [];
    const stallMs = await worstStallMsDuring(async () => {
      results = await Promise.all(Array.from({ length: 8 }, () => verifyPassword(password, costTenHash)));
    });
    expect(results).toEqual(Array(8).fill(true));
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });
});
