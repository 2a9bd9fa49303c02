import { APIUserAbortError } from "together-ai";
import { UpstreamStream, type StreamChunk } from "@/lib/generation/upstream-stream";
import { handDrivenTimers } from "../../helpers/hand-driven-timers";

/**
 * The upstream request's state: who ended it and why (the first reason
 * wins), its one timer, and its text. Timers are a hand-driven schedule, so
 * a timeout fires when the test says, never after a wait.
 */

async function* chunks(...items: StreamChunk[]): AsyncGenerator<StreamChunk> {
  for (const item of items) yield item;
}

const text = (content: string | null, finish_reason: string | null = null): StreamChunk => ({ choices: [{ delta: { content }, finish_reason }] });

describe("UpstreamStream", () => {
  it("ends the request at once when the person goes away, before or after it starts", () => {
    const gone = new AbortController();
    gone.abort();
    const already = new UpstreamStream(gone.signal, handDrivenTimers().schedule);
    expect(already.endedBy).toBe("stopped");
    expect(already.signal.aborted).toBe(true);

    const later = new AbortController();
    const stream = new UpstreamStream(later.signal, handDrivenTimers().schedule);
    expect(stream.signal.aborted).toBe(false);
    later.abort();
    expect(stream.endedBy).toBe("stopped");
    expect(stream.signal.aborted).toBe(true);
  });

  it("keeps one timer: restarting it cancels the previous one, and when it fires the request ends for its reason", () => {
    const timers = handDrivenTimers();
    const stream = new UpstreamStream(new AbortController().signal, timers.schedule);
    stream.endAfter(30_000, "timed_out");
    stream.endAfter(5_000, "stalled");
    expect(timers.pending()).toEqual([5_000]);
    timers.fire();
    expect(stream.endedBy).toBe("stalled");
    expect(stream.signal.aborted).toBe(true);
  });

  it("keeps the first reason it was ended for", () => {
    const gone = new AbortController();
    const timers = handDrivenTimers();
    const stream = new UpstreamStream(gone.signal, timers.schedule);
    stream.endAfter(1_000, "stalled");
    gone.abort();
    timers.fire();
    expect(stream.endedBy).toBe("stopped");
    expect(stream.howItEnded({ error: new APIUserAbortError() })).toEqual({ kind: "endedByUs", reason: "stopped" });
  });

  it("after release, neither its timer nor the person going away changes anything, and the request is aborted", () => {
    const gone = new AbortController();
    const timers = handDrivenTimers();
    const stream = new UpstreamStream(gone.signal, timers.schedule);
    stream.endAfter(1_000, "timed_out");
    stream.release();
    expect(timers.pending()).toEqual([]);
    gone.abort();
    expect(stream.endedBy).toBeNull();
    expect(stream.signal.aborted).toBe(true);
  });

  it("reads text chunk by chunk, skipping chunks without any, and remembers the last finish reason", async () => {
    const stream = new UpstreamStream(new AbortController().signal, handDrivenTimers().schedule);
    stream.read(chunks(text("def "), { choices: [] }, text(null), text(""), text("add", null), text(null, "length"), { choices: [] }));
    expect(await stream.nextText()).toBe("def ");
    expect(await stream.nextText()).toBe("add");
    expect(await stream.nextText()).toBeNull();
    expect(stream.howItEnded()).toEqual({ kind: "ranOut", finishReason: "length" });
  });

  it("says a stream that ran out with no finish reason did, and classifies what the provider client threw", async () => {
    const stream = new UpstreamStream(new AbortController().signal, handDrivenTimers().schedule);
    stream.read(chunks(text("half")));
    expect(await stream.nextText()).toBe("half");
    expect(await stream.nextText()).toBeNull();
    expect(stream.howItEnded()).toEqual({ kind: "ranOut", finishReason: null });
    expect(stream.howItEnded({ error: new APIUserAbortError() })).toEqual({ kind: "failed", failure: { kind: "aborted" } });
    expect(stream.howItEnded({ error: new Error("socket hang up") })).toEqual({ kind: "failed", failure: { kind: "failed", status: null } });
  });
});
