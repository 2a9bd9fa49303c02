/**
 * Timers that fire only when a test says so: the code under test takes
 * `schedule` (run `callback` after `ms`, return what cancels it), and the
 * test reads which delays are pending and fires them. No test waits out a
 * delay, so none depends on how fast the machine is.
 */
export function handDrivenTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let nextId = 0;
  return {
    schedule(callback: () => void, ms: number): () => void {
      const id = nextId++;
      pending.set(id, { callback, ms });
      return () => pending.delete(id);
    },
    /** The delays of the timers still pending, oldest first. */
    pending: () => [...pending.values()].map((timer) => timer.ms),
    /** Fires every pending timer. */
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.callback();
    },
  };
}

/**
 * Resolves once `condition()` holds, looking again every few milliseconds
 * while real I/O (a socket, the database) goes on. It asserts no time: a
 * condition that never comes true fails at the test's timeout.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
