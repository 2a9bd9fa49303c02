import { setTimeout as sleep } from "node:timers/promises";
import type { Instance } from "./stack";

/**
 * The load client's load balancer: round robin over the instances whose
 * `/api/health/ready` last answered 200 (probed every PROBE_MS), and a
 * request retried once on another instance when its connection was refused
 * or reset before any answer, as a proxy does: a draining instance closes its
 * idle keep-alive connections, and a request the client had just written on
 * one is reset unread (HTTP keep-alive's race, not a lost request).
 * Every request is recorded: kind, instance, status (0: no answer), latency,
 * Retry-After, start time.
 */

const PROBE_MS = 500;
const REQUEST_TIMEOUT_MS = 30_000;

export interface RequestRecord {
  kind: string;
  instance: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  /** ms since the run began. */
  at: number;
  /** Refused by the first instance and sent again to another. */
  retried: boolean;
  /** What went wrong when there was no answer. */
  error?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** No answer because the connection was refused, or reset before the answer began. */
function isRetryable(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code === "ECONNREFUSED" || cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET";
}

export class Balancer {
  readonly records: RequestRecord[] = [];
  /** Instances whose readiness probe answered 404: the probe is missing, so /api/health stands in (and the checks fail). */
  readonly missingProbe = new Set<string>();
  private ready = new Set<string>();
  private next = 0;
  private probing = true;
  private readonly t0: number;

  constructor(private readonly instances: Instance[], t0: number) {
    this.t0 = t0;
    void this.probeLoop();
  }

  stop(): void {
    this.probing = false;
  }

  readyCount(): number {
    return this.ready.size;
  }

  isReady(instance: Instance): boolean {
    return this.ready.has(instance.name);
  }

  private async probeLoop(): Promise<void> {
    while (this.probing) {
      await Promise.all(this.instances.map((instance) => this.probe(instance)));
      await sleep(PROBE_MS);
    }
  }

  private async probe(instance: Instance): Promise<void> {
    let ok = false;
    try {
      let response = await fetch(`${instance.baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(PROBE_MS * 2) });
      if (response.status === 404) {
        this.missingProbe.add(instance.name);
        await response.arrayBuffer();
        response = await fetch(`${instance.baseUrl}/api/health`, { signal: AbortSignal.timeout(PROBE_MS * 2) });
      }
      await response.arrayBuffer();
      ok = response.status === 200;
    } catch {
      ok = false;
    }
    if (ok) this.ready.add(instance.name);
    else this.ready.delete(instance.name);
  }

  /** The next ready instance after the round-robin cursor (any instance when none is ready: a balancer with no healthy backend still tries). */
  private pick(exclude?: Instance): Instance {
    const candidates = this.instances.filter((instance) => instance !== exclude && this.ready.has(instance.name));
    const pool = candidates.length > 0 ? candidates : this.instances.filter((instance) => instance !== exclude);
    this.next = (this.next + 1) % pool.length;
    return pool[this.next] as Instance;
  }

  /** Sends one request through the balancer and records it. */
  async send(kind: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const started = performance.now();
    const at = Date.now() - this.t0;
    let instance = this.pick();
    let retried = false;
    const record = (status: number, retryAfter: string | null, error?: string) =>
      this.records.push({ kind, instance: instance.name, status, ms: performance.now() - started, retryAfter, at, retried, ...(error ? { error } : {}) });
    for (;;) {
      try {
        const response = await fetch(`${instance.baseUrl}${path}`, { redirect: "manual", ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const body = await response.text();
        record(response.status, response.headers.get("retry-after"));
        return { status: response.status, headers: response.headers, body };
      } catch (error) {
        if (isRetryable(error) && !retried) {
          retried = true;
          instance = this.pick(instance);
          continue;
        }
        const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}` : String(error);
        record(0, null, message);
        return { status: 0, headers: new Headers(), body: "" };
      }
    }
  }
}
