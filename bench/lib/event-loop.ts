import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import bcrypt from "bcryptjs";
import { closePasswordWorkers, verifyPassword } from "@/lib/passwords";
import type { EventLoopFigure } from "./results";

/**
 * Figure i: how long this process's event loop stalls while passwords are
 * checked, in process and with the servers stopped. One bcryptjs compareSync
 * on the main thread (what the app avoids), then a burst of concurrent
 * verifyPassword calls, which the app hands to its worker pool. The unit
 * tests prove the work leaves the main thread; this measures what that buys.
 */

const BURST = 8;

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

export async function measurePasswordEventLoop(password: string, hash: string): Promise<EventLoopFigure> {
  try {
    // Starts the pool's first thread, so the burst measures checks, not a thread starting.
    if (!(await verifyPassword(password, hash))) throw new Error("the bench password does not match its hash");
    const mainThreadCompareMs = await worstStallMsDuring(async () => bcrypt.compareSync(password, hash));
    let matched: boolean[] = [];
    const workerPoolBurstMs = await worstStallMsDuring(async () => {
      matched = await Promise.all(Array.from({ length: BURST }, () => verifyPassword(password, hash)));
    });
    if (!matched.every(Boolean)) throw new Error("a password check in the burst did not match");
    return { mainThreadCompareMs, workerPoolBurstMs, burst: BURST };
  } finally {
    await closePasswordWorkers();
  }
}
