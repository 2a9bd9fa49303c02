import "#server-only";
import { setMaxListeners } from "node:events";

/**
 * The process's life after start-up: whether it is shutting down (the
 * readiness probe answers 503 from then on), and the work to finish before it
 * exits. Features register that work with `onShutdown`; `npm start`
 * (scripts/start.ts) calls `beginShutdown` on SIGTERM or SIGINT and
 * `runShutdownHooks` once requests in flight are done.
 *
 * The state lives on `globalThis`: the server script (loaded by tsx) and the
 * app (bundled by Next) each load their own copy of this module, and both
 * must see one state.
 */

/** "flush" hooks run first, together (write what is pending, release leases); then "close" hooks (the database). */
type ShutdownPhase = "flush" | "close";

interface Lifecycle {
  shuttingDown: boolean;
  /** Aborted when the time to finish requests in flight is up (see `shutdownDeadline`). */
  deadline: AbortController;
  hooks: Map<string, { phase: ShutdownPhase; run: () => Promise<void> }>;
}

const LIFECYCLE = Symbol.for("keyforge.lifecycle");
// globalThis's type knows nothing kept there: this names the one property this module keeps.
const globalForLifecycle = globalThis as typeof globalThis & { [LIFECYCLE]?: Lifecycle };

function lifecycle(): Lifecycle {
  return (globalForLifecycle[LIFECYCLE] ??= { shuttingDown: false, deadline: unlimitedController(), hooks: new Map() });
}

/** Every running generation listens to the deadline: no "possible leak" warning past 10 of them (each removes its listener when done). */
function unlimitedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Whether this process was asked to stop (it still finishes what it has). */
export function isShuttingDown(): boolean {
  return lifecycle().shuttingDown;
}

/** Marks the process as stopping: readiness answers 503, background loops stop taking new work. */
export function beginShutdown(): void {
  lifecycle().shuttingDown = true;
}

/**
 * Aborted when the shutdown's time for requests in flight is up: long work
 * (a streamed generation) listens to it and ends with its own marker instead
 * of being cut off by the process's exit.
 */
export function shutdownDeadline(): AbortSignal {
  return lifecycle().deadline.signal;
}

/** The time for requests in flight is up: every `shutdownDeadline()` listener ends its work now. */
export function reachShutdownDeadline(): void {
  lifecycle().deadline.abort();
}

/**
 * Registers work to finish before the process exits. One hook per `name`: a
 * module evaluated again (dev hot reload) replaces its hook instead of adding one.
 */
export function onShutdown(name: string, run: () => Promise<void>, phase: ShutdownPhase = "flush"): void {
  lifecycle().hooks.set(name, { phase, run });
}

/** What each hook did, for the server's last log lines. */
interface HookOutcome {
  name: string;
  phase: ShutdownPhase;
  ok: boolean;
}

/** Runs every "flush" hook together, then every "close" hook; a failing hook does not stop the others. */
export async function runShutdownHooks(): Promise<HookOutcome[]> {
  const outcomes: HookOutcome[] = [];
  for (const phase of ["flush", "close"] as const) {
    const hooks = [...lifecycle().hooks].filter(([, hook]) => hook.phase === phase);
    outcomes.push(...(await Promise.all(hooks.map(async ([name, hook]) => {
      try {
        await hook.run();
        return { name, phase, ok: true };
      } catch {
        return { name, phase, ok: false };
      }
    }))));
  }
  return outcomes;
}
