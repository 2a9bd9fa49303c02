import "#server-only";
import { getEnv, type Env } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { claimOnce } from "@/lib/rate-limit";
import { RETENTION_RULES, type RetentionRule } from "./rules";

/** How often the job runs: once per slot of this length, across every instance. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export type RetentionRun =
  /** Another run (this instance's or another's) claimed this slot first. */
  | { ran: false; slot: string }
  /** Each rule's count, or null where it failed (logged; the others still ran). */
  | { ran: true; slot: string; counts: Record<string, number | null> };

interface RunOptions {
  now?: Date;
  env?: Env;
  /** The rules to apply (the tests add one that fails); all of them by default. */
  rules?: readonly RetentionRule[];
  /** Skip the slot's lease (`npm run retention`: an operator's run is wanted even if a server ran this hour; the deletes are idempotent). */
  unclaimed?: boolean;
}

/** The slot `now` falls in: its start, which names the lease. */
function slotOf(now: Date): string {
  return new Date(Math.floor(now.getTime() / RETENTION_INTERVAL_MS) * RETENTION_INTERVAL_MS).toISOString();
}

/**
 * Applies every retention rule once, unless this slot's run was claimed
 * already. The lease is a `claimOnce` on the slot (a unique `_id` insert, the
 * one exactly-once primitive FerretDB v1 and MongoDB both keep), held for two
 * slots so it outlives its own slot. Rules run one after another (gentle on
 * the database); one that fails is logged and the next runs. One log line per
 * run with every count.
 */
export async function runRetention({ now = new Date(), env = getEnv(), rules = RETENTION_RULES, unclaimed = false }: RunOptions = {}): Promise<RetentionRun> {
  const slot = slotOf(now);
  if (!unclaimed && !(await claimOnce(`retention:${slot}`, (2 * RETENTION_INTERVAL_MS) / 1000))) return { ran: false, slot };
  const counts: Record<string, number | null> = {};
  for (const rule of rules) {
    try {
      counts[rule.name] = await rule.apply(now, env);
    } catch (error) {
      counts[rule.name] = null;
      const err = error instanceof Error ? error : new Error(String(error));
      log.warn("retention.rule_failed", { rule: rule.name, error: err.name, message: err.message });
    }
  }
  const failed = Object.keys(counts).filter((name) => counts[name] === null);
  log.info("retention.run", { slot, ...counts, ...(failed.length > 0 ? { failed: failed.join(",") } : {}) });
  return { ran: true, slot, counts };
}
