import "#server-only";

/**
 * Work a request starts and does not wait for (an audit write, a notice, a
 * mail), kept track of so tests and a graceful shutdown can wait until it is
 * done. A task never rejects: its failure goes to the `onError` it was
 * started with, and the request that started it goes on.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  /** How many tasks have not finished yet. */
  get size(): number {
    return this.running.size;
  }

  /** Starts `work`; the returned promise settles when it is done, and never rejects. */
  run(work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<void> {
    const task = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Resolves once every task started so far, and any they started meanwhile, is done. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
