import "#server-only";
import { Types } from "mongoose";
import { z } from "zod";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { getEnv } from "@/lib/core/env";
import { readCatalog } from "@/lib/model-catalog";
import type { Generation } from "./repository";
import type { GenerationUsage, UsageByModel, UsageDay, UsageResponse } from "./shared";

/**
 * A person's tokens and estimated cost, from their own usage records (which
 * stay when history text is deleted), through the data door. Summed here in
 * JS rather than by `$group`: FerretDB keeps only a group's first
 * accumulator, and the window is bounded by the daily generation limit.
 */

const USAGE_DAYS_MAX = 90;

/** `GET /api/user/usage` query: `days` (1–90, default 30). */
export const usageQuerySchema = z.object({
  days: z.coerce
    .number(`Use a number of days from 1 to ${USAGE_DAYS_MAX}`)
    .int("Use a whole number of days")
    .min(1, "Use at least 1 day")
    .max(USAGE_DAYS_MAX, `Use at most ${USAGE_DAYS_MAX} days`)
    .default(30),
});

const DAY_MS = 24 * 60 * 60 * 1000;

type UsageFields = Pick<Generation, "model" | "createdAt" | "usage" | "costUsd">;

/** The UTC dates of the last `days` days, today last. */
function lastDays(days: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, index) => new Date(today - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10));
}

/** Adds a record's cost to a sum that stays null until some record had one. */
const addCost = (sum: number | null, cost: number | null | undefined): number | null => (typeof cost === "number" ? (sum ?? 0) + cost : sum);

/** The report over `records`, pure (unit-testable): every day present, zeros included; unknown usage adds no tokens. */
export function summariseUsage(records: readonly UsageFields[], dates: readonly string[], names: ReadonlyMap<string, string>): UsageResponse {
  const days = new Map<string, UsageDay>(dates.map((date) => [date, { date, promptTokens: 0, completionTokens: 0, costUsd: null }]));
  const models = new Map<string, UsageByModel>();
  for (const record of records) {
    const day = days.get(record.createdAt.toISOString().slice(0, 10));
    if (!day) continue;
    const model = models.get(record.model) ?? { model: record.model, name: names.get(record.model) ?? record.model, generations: 0, promptTokens: 0, completionTokens: 0, costUsd: null };
    models.set(record.model, model);
    model.generations += 1;
    for (const total of [day, model]) {
      total.promptTokens += record.usage?.promptTokens ?? 0;
      total.completionTokens += record.usage?.completionTokens ?? 0;
      total.costUsd = addCost(total.costUsd, record.costUsd);
    }
  }
  const byTokens = (a: UsageByModel, b: UsageByModel) => b.promptTokens + b.completionTokens - (a.promptTokens + a.completionTokens) || a.model.localeCompare(b.model);
  return { days: [...days.values()], models: [...models.values()].sort(byTokens) };
}

/**
 * The catalog's display names (by model id) for `records`, from the stored copy (read through
 * this process's cache): global data, so the report needs neither the user's
 * key nor their document, and shows the same names to an admin viewing as
 * them. Ids stand in where the catalog does not list a model; `GET
 * /api/models` and generating refresh it with the user's key.
 */
async function displayNames(records: readonly unknown[]): Promise<ReadonlyMap<string, string>> {
  // No records, no names to show: the catalog is not read.
  if (records.length === 0) return new Map();
  return new Map((await readCatalog(null))?.map((model) => [model.id, model.name]));
}

/** The signed-in user's usage over the last `days` UTC days (today included). */
export async function usageReport(data: DataAccess, days: number, now = new Date()): Promise<UsageResponse> {
  const dates = lastDays(days, now);
  const from = new Date(`${dates[0]}T00:00:00.000Z`);
  const records = await data.generations.find(
    { userId: ownId(data), createdAt: { $gte: from } },
    // The daily limit bounds how many there can be.
    { select: ["model", "createdAt", "usage", "costUsd"], sort: { createdAt: 1 }, limit: days * getEnv().GENERATE_MAX_PER_DAY },
  );
  const names = await displayNames(records);
  return summariseUsage(records, dates, names);
}

/** One generation's tokens, cost and finish reason (with or without history text); null when it is not the user's. */
export async function generationUsage(data: DataAccess, id: string): Promise<GenerationUsage | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const record = await data.generations.findOne({ _id: id, userId: ownId(data) }, { select: ["outcome", "usage", "costUsd", "finishReason", "timeToFirstTokenMs", "durationMs"] });
  if (!record) return null;
  return {
    id,
    outcome: record.outcome,
    usage: record.usage ?? null,
    costUsd: record.costUsd ?? null,
    finishReason: record.finishReason ?? null,
    timeToFirstTokenMs: record.timeToFirstTokenMs ?? null,
    durationMs: record.durationMs,
  };
}
