import { ObjectId } from "mongodb";
import { scheduleRetention, type RetentionRun } from "@/lib/retention";
import { handDrivenTimers, until } from "../../helpers/hand-driven-timers";
import { rawCollection } from "../../helpers/users";

/** The retention job's timer, fired by hand: first a minute after start, then hourly, whatever a run's outcome. */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const skipped: RetentionRun = { ran: false, slot: "2026-12-07T00:00:00.000Z" };

describe("scheduleRetention", () => {
  it("runs a minute after start, then every hour, until stopped", async () => {
    const timers = handDrivenTimers();
    const run = jest.fn(() => Promise.resolve(skipped));
    const stop = scheduleRetention({ schedule: timers.schedule, run });
    expect(timers.pending()).toEqual([MINUTE_MS]);
    expect(run).not.toHaveBeenCalled();

    timers.fire();
    await until(() => timers.pending().length === 1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(timers.pending()).toEqual([HOUR_MS]);

    timers.fire();
    await until(() => timers.pending().length === 1);
    expect(run).toHaveBeenCalledTimes(2);

    stop();
    expect(timers.pending()).toEqual([]);
  });

  it("finishes interrupted deletions at its first run only, even when another instance has this slot", async () => {
    const timers = handDrivenTimers();
    const run = jest.fn(() => Promise.resolve(skipped));
    const atStart = jest.fn(() => Promise.resolve(0));
    const stop = scheduleRetention({ schedule: timers.schedule, run, atStart });

    timers.fire();
    await until(() => timers.pending().length === 1);
    expect([atStart.mock.calls.length, run.mock.calls.length]).toEqual([1, 1]);

    timers.fire();
    await until(() => timers.pending().length === 1);
    expect([atStart.mock.calls.length, run.mock.calls.length]).toEqual([1, 2]);
    stop();
  });

  it("still runs the job when finishing deletions at start fails", async () => {
    const timers = handDrivenTimers();
    const run = jest.fn(() => Promise.resolve(skipped));
    const stop = scheduleRetention({ schedule: timers.schedule, run, atStart: () => Promise.reject(new Error("connection refused")) });
    timers.fire();
    await until(() => timers.pending().length === 1);
    expect(run).toHaveBeenCalledTimes(1);
    stop();
  });

  it("keeps its schedule after a run that fails (the database was away)", async () => {
    const timers = handDrivenTimers();
    const run = jest.fn(() => Promise.reject(new Error("connection refused")));
    const stop = scheduleRetention({ schedule: timers.schedule, run });
    timers.fire();
    await until(() => timers.pending().length === 1);
    expect(timers.pending()).toEqual([HOUR_MS]);
    expect(run).toHaveBeenCalledTimes(1);
    stop();
  });

  it("does not schedule again once stopped during a run", async () => {
    const timers = handDrivenTimers();
    let finish: (run: RetentionRun) => void = () => undefined;
    const started = jest.fn();
    const run = () => new Promise<RetentionRun>((resolve) => ((finish = resolve), started()));
    const stop = scheduleRetention({ schedule: timers.schedule, run });
    timers.fire();
    await until(() => started.mock.calls.length === 1);
    stop();
    finish(skipped);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.pending()).toEqual([]);
  });

  it("by default applies the rules to the database when it fires", async () => {
    const expired = { _id: new ObjectId(), ceremony: "authentication", userId: null, expiresAt: new Date(Date.now() - 1000) };
    const challenges = await rawCollection("webauthnChallenges");
    await challenges.insertOne(expired);
    const timers = handDrivenTimers();
    const stop = scheduleRetention({ schedule: timers.schedule });
    timers.fire();
    await until(() => timers.pending().length === 1);
    expect(await challenges.findOne({ _id: expired._id })).toBeNull();
    stop();
  });
});
