import "#server-only";

/**
 * The admin's model settings and the provider's catalog are one global
 * document each, read by nearly every generation page and route: this
 * process keeps each for MODEL_DOCS_CACHE_MS instead of reading it on every
 * request. Short enough that another instance's change (an admin's save, a
 * catalog fetched there) shows within a quarter of the minute that
 * `GET /api/models` already lets the browser keep its answer; long enough
 * that a busy instance reads each document a few times a minute, not per
 * request. A write on this process replaces or forgets its copy, so it is
 * seen here at once. Neither document holds anything of one user.
 */
export const MODEL_DOCS_CACHE_MS = 15_000;

/** One value read through `load`, kept for a while in this process. */
interface ProcessCache<T> {
  /** The kept value, or a new read when there is none or it is older than the TTL. */
  read(): Promise<T>;
  /** Keeps `value` (just written by this process) as if it had been read now. */
  set(value: T): void;
  /** Drops the kept value: the next read loads again. */
  forget(): void;
}

interface Held {
  value: Promise<unknown>;
  readAt: number;
}

/**
 * The kept values by cache name, on `globalThis`: a production build may
 * evaluate this module once per route's bundle, and a write made through one
 * route (the admin's save) must reach the copy every other route reads.
 */
const globalForCaches = globalThis as typeof globalThis & { modelDocsCaches?: Map<string, Held> };
const heldByName = (globalForCaches.modelDocsCaches ??= new Map<string, Held>());

/**
 * A one-value cache, named (one name, one value for the whole process), on
 * the clock `Date.now()` (so tests can hold it). The promise is kept, not
 * its result, so readers that miss at the same time share one load; a load
 * that fails is not kept. A load still running when `set` or `forget` is
 * called answers those who asked for it, but is no longer kept (so a write
 * is never overtaken by an older read). A lone value with a TTL:
 * lru-cache's fetch would add eviction and abort semantics this does not need.
 */
export function processCache<T>(name: string, load: () => Promise<T>, ttlMs: number): ProcessCache<T> {
  const keep = (value: Promise<T>) => {
    const entry: Held = { value, readAt: Date.now() };
    heldByName.set(name, entry);
    value.catch(() => {
      if (heldByName.get(name) === entry) heldByName.delete(name);
    });
    return value;
  };
  return {
    read() {
      const held = heldByName.get(name);
      const age = held ? Date.now() - held.readAt : -1;
      // A clock set back (age below zero) does not make a value fresh for longer.
      // Only `keep` above stores under this name, always a Promise<T>: the map itself cannot say so.
      if (held && age >= 0 && age < ttlMs) return held.value as Promise<T>;
      return keep(load());
    },
    set(value) {
      void keep(Promise.resolve(value));
    },
    forget() {
      heldByName.delete(name);
    },
  };
}
