import { reachShutdownDeadline } from "@/lib/core/lifecycle";
import { UpstreamStream } from "@/lib/generation/upstream-stream";
import { handDrivenTimers } from "../../helpers/hand-driven-timers";

/**
 * A stopping server's deadline ends every upstream request still open, for
 * "shutdown" (outcome.ts turns it into the marker), unless another reason came
 * first. Its own file: the deadline, once reached, holds for the whole process.
 */
describe("UpstreamStream at the shutdown deadline", () => {
  it("ends open requests for shutdown, keeps an earlier reason, and leaves a released one alone; a stream started later ends at once", () => {
    const open = new UpstreamStream(new AbortController().signal, handDrivenTimers().schedule);
    const gone = new AbortController();
    const stopped = new UpstreamStream(gone.signal, handDrivenTimers().schedule);
    gone.abort();
    const released = new UpstreamStream(new AbortController().signal, handDrivenTimers().schedule);
    released.release();

    reachShutdownDeadline();

    expect(open.endedBy).toBe("shutdown");
    expect(open.signal.aborted).toBe(true);
    expect(stopped.endedBy).toBe("stopped");
    expect(released.endedBy).toBeNull();
    expect(new UpstreamStream(new AbortController().signal, handDrivenTimers().schedule).endedBy).toBe("shutdown");
  });
});
