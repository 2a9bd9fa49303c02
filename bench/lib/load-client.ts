import path from "node:path";
import { lastLines } from "../../scripts/lib/output-tail";
import type { LoadParams, LoadResult } from "./load-types";
import { runToEnd } from "./processes";
import { median } from "./stats";

/** Runs bench/load.ts as a separate process and reads its result. */

/** Time for the load process to start (tsx) before the load begins. */
const START_DELAY_MS = 1_000;

const loadScript = path.join(__dirname, "..", "load.ts");

function isLoadResult(value: unknown): value is LoadResult {
  return typeof value === "object" && value !== null && "rps" in value && "p50" in value && "p99" in value;
}

async function runLoadProcess(params: LoadParams): Promise<LoadResult> {
  const timeoutMs = params.startAt - Date.now() + params.seconds * 1000 + 60_000;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const output = await runToEnd("load", process.execPath, ["--import", "tsx", loadScript, JSON.stringify(params)], { env, cwd: path.dirname(loadScript) }, timeoutMs);
  const line = output.trim().split("\n").at(-1) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`the load process printed no result:\n${lastLines(output, 20)}`);
  }
  if (!isLoadResult(parsed)) throw new Error(`the load process printed no result:\n${lastLines(output, 20)}`);
  return parsed;
}

/** One load, starting as soon as its process is up. */
export function runLoad(params: Omit<LoadParams, "startAt">): Promise<LoadResult> {
  return runLoadProcess({ ...params, startAt: Date.now() + START_DELAY_MS });
}

/** Two loads side by side (session checks during a storm), started at the same moment. */
export function runLoadsTogether(first: Omit<LoadParams, "startAt">, second: Omit<LoadParams, "startAt">): Promise<[LoadResult, LoadResult]> {
  const startAt = Date.now() + START_DELAY_MS;
  return Promise.all([runLoadProcess({ ...first, startAt }), runLoadProcess({ ...second, startAt })]);
}

/** The median of each field over rounds, for one side of a figure. */
export interface LoadSummary {
  rps: number;
  p50: number;
  p99: number;
  /** Every round's req/s, in order, so the spread is on record. */
  rounds: number[];
  /** Responses that were not 2xx, summed over the rounds (0 unless something is wrong). */
  non2xx: number;
  errors: number;
}

export function summarize(results: LoadResult[]): LoadSummary {
  return {
    rps: median(results.map((result) => result.rps)),
    p50: median(results.map((result) => result.p50)),
    p99: median(results.map((result) => result.p99)),
    rounds: results.map((result) => Math.round(result.rps * 10) / 10),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  };
}
