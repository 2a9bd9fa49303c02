import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CookieJar, getSession, signIn } from "../../../helpers/auth";
import { createTestUser } from "../../../helpers/users";

/** The longest the event loop may stall while sign-ins are checked (each costs ~70 ms of bcrypt). */
const MAX_STALL_MS = 20;

/**
 * Collects garbage now. The test runner's own leftovers (earlier tests, module
 * registries) would otherwise be collected in the middle of the burst, a pause
 * of 10-20 ms in jest's large heap that has nothing to do with sign-ins.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("a burst of sign-ins through NextAuth's credentials endpoint", () => {
  it("keeps the event loop responsive: bcrypt runs on worker threads", async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => createTestUser()));
    const jars = users.map(() => new CookieJar());
    // Warm up once, outside the measurement: the first successful sign-in loads
    // and compiles code (NextAuth's routes, jose, the device-session model) and
    // starts the pool's threads, a one-time cost per process.
    const warmUp = await createTestUser();
    await signIn(new CookieJar(), { email: warmUp.email, password: warmUp.password });
    collectGarbage();

    const pauses: number[] = [];
    const gcObserver = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((entry) => entry.duration)));
    gcObserver.observe({ entryTypes: ["gc"] });
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    while (histogram.count === 0) await sleep(1);
    const results = await Promise.all(users.map((user, i) => signIn(jars[i]!, { email: user.email, password: user.password })));
    await sleep(5);
    histogram.disable();
    gcObserver.disconnect();

    expect(results.map((result) => result.error)).toEqual(Array(8).fill(null));
    expect((await getSession(jars[7]!))?.user.email).toBe(users[7]!.email);
    const worstStallMs = histogram.max / 1e6;
    if (worstStallMs >= MAX_STALL_MS) {
      console.error(`worst stall ${worstStallMs.toFixed(1)} ms; GC pauses during the burst: ${pauses.map((ms) => ms.toFixed(1)).join(", ") || "none"}`);
    }
    expect(worstStallMs).toBeLessThan(MAX_STALL_MS);
  });
});
