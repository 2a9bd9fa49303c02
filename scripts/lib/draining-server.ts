import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { beginShutdown, isShuttingDown, reachShutdownDeadline } from "@/lib/core/lifecycle";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** How a drain ended: every request finished in time, or some were still running at the deadline. */
type DrainResult = "drained" | "deadline";

/**
 * An HTTP server that can stop without cutting a request short: `drain`
 * stops accepting connections, closes the idle keep-alive ones, answers
 * requests still arriving on open ones with `Connection: close`, and waits
 * for the requests in flight.
 */
export class DrainingServer {
  readonly #server: http.Server;
  #draining = false;

  constructor(handle: Handler, onError: (error: unknown) => void, keepAliveTimeoutMs?: number) {
    this.#server = http.createServer((req, res) => {
      // Answered, then the connection closes: a client with a kept-alive connection moves to another instance.
      if (isShuttingDown()) res.setHeader("Connection", "close");
      res.once("close", () => this.#afterResponse());
      handle(req, res).catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
    if (keepAliveTimeoutMs !== undefined) this.#server.keepAliveTimeout = keepAliveTimeoutMs;
  }

  /** Listens; resolves with the port bound (useful with port 0). */
  listen(port: number, hostname: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, hostname, () => {
        this.#server.off("error", reject);
        const address = this.#server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  /**
   * Marks the process as shutting down and waits up to `timeoutMs` for the
   * requests in flight. At the deadline it aborts `shutdownDeadline()` (a
   * streamed generation then ends with its marker and records its outcome),
   * gives that `graceMs`, and closes whatever connection is left.
   */
  async drain(timeoutMs: number, graceMs: number): Promise<DrainResult> {
    beginShutdown();
    this.#draining = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    const timer = new AbortController();
    const inTime = await Promise.race([closed.then(() => true), sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false)]);
    timer.abort();
    if (inTime) return "drained";
    reachShutdownDeadline();
    const grace = new AbortController();
    await Promise.race([closed, sleep(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
    grace.abort();
    this.#server.closeAllConnections();
    await closed;
    return "deadline";
  }

  /** A response ended while draining: its connection, kept alive from before, is idle now and can go. */
  #afterResponse(): void {
    if (this.#draining) setImmediate(() => this.#server.closeIdleConnections());
  }
}
