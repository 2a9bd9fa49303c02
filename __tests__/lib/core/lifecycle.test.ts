import {
  beginShutdown,
  isShuttingDown,
  onShutdown,
  reachShutdownDeadline,
  runShutdownHooks,
  shutdownDeadline,
} from "@/lib/core/lifecycle";

/**
 * The shutdown's order, as `npm start` runs it (scripts/start.ts): every
 * "flush" hook together, and only once they have all settled, the "close"
 * hooks; a failing hook is reported and stops nothing.
 */
describe("lifecycle", () => {
  it("runs every flush hook, settled, before any close hook, and reports each one", async () => {
    const steps: string[] = [];
    let releaseSlowFlush: () => void = () => {};
    onShutdown("slow flush", async () => {
      steps.push("slow flush started");
      await new Promise<void>((resolve) => {
        releaseSlowFlush = resolve;
      });
      steps.push("slow flush done");
    });
    onShutdown("failing flush", async () => {
      steps.push("failing flush started");
      throw new Error("could not write");
    });
    onShutdown("test database", async () => {
      steps.push("database closed");
    }, "close");
    // Registered again (a module evaluated twice): replaces, does not add.
    onShutdown("failing flush", async () => {
      steps.push("failing flush started");
      throw new Error("could not write");
    });

    const running = runShutdownHooks();
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(["slow flush started", "failing flush started"]);
    releaseSlowFlush();
    // The app's own hooks (audit, notices…) are registered too, by modules the test setup loads: only this test's are checked.
    const outcomes = (await running).filter((outcome) => ["slow flush", "failing flush", "test database"].includes(outcome.name));

    expect(steps).toEqual(["slow flush started", "failing flush started", "slow flush done", "database closed"]);
    expect(outcomes).toEqual([
      { name: "slow flush", phase: "flush", ok: true },
      { name: "failing flush", phase: "flush", ok: false },
      { name: "test database", phase: "close", ok: true },
    ]);
  });

  it("says it is shutting down once asked, and aborts the deadline signal only when the time is up", () => {
    const deadline = shutdownDeadline();
    expect(isShuttingDown()).toBe(false);
    beginShutdown();
    expect(isShuttingDown()).toBe(true);
    expect(deadline.aborted).toBe(false);
    reachShutdownDeadline();
    expect(deadline.aborted).toBe(true);
    // One signal for the process: a stream that starts listening late sees it aborted already.
    expect(shutdownDeadline().aborted).toBe(true);
  });
});
