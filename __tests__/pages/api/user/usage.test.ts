import { Types } from "mongoose";
import type { UsageResponse } from "@/lib/generation/shared";
import * as usageRoute from "@/pages/api/user/usage";
import { cachedCatalog } from "@/lib/model-catalog/catalog";
import { signedInUser, type CookieJar } from "../../../helpers/auth";
import { commandsDuring, describeCommand } from "../../../helpers/db-commands";
import { callRoute } from "../../../helpers/http";
import { rawCollection } from "../../../helpers/users";

/**
 * `GET /api/user/usage`: the signed-in user's tokens and estimated cost per
 * UTC day (every day, oldest first) and per model, from their own usage
 * records, on a clock the test holds.
 */

const NOW = Date.UTC(2026, 11, 7, 9, 30);
const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => {
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
});
afterEach(() => jest.useRealTimers());

type Answer = UsageResponse & { error?: { code: string; fields?: Record<string, string[]> } };

function usage(jar: CookieJar | undefined, query = "") {
  return callRoute<Answer>(usageRoute, { jar, ...(query ? { params: Object.fromEntries(new URLSearchParams(query)) } : {}) });
}

/** A usage record as run.ts writes it, without text. */
function record(userId: Types.ObjectId, createdAt: number, model: string, tokens: [number, number] | null, costUsd: number | null) {
  return {
    _id: new Types.ObjectId(),
    userId,
    model,
    language: null,
    promptChars: 10,
    outputChars: 20,
    timeToFirstTokenMs: tokens ? 300 : null,
    durationMs: 1000,
    outcome: tokens ? "completed" : "stopped",
    createdAt: new Date(createdAt),
    usage: tokens && { promptTokens: tokens[0], completionTokens: tokens[1] },
    costUsd,
    finishReason: tokens ? "stop" : null,
  };
}

describe("GET /api/user/usage", () => {
  it("answers 401 signed out", async () => {
    expect((await usage(undefined)).status).toBe(401);
  });

  it("sums the user's own records per UTC day and per model, every day present, unknown costs null", async () => {
    const { user, jar } = await signedInUser();
    const other = await signedInUser();
    const today = Date.UTC(2026, 11, 7);
    await (await rawCollection("generations")).insertMany([
      record(user._id, today + 1000, "m/a", [100, 50], 0.002),
      record(user._id, today + 2000, "m/a", [10, 5], null),
      record(user._id, today + 3000, "m/b", null, null),
      record(user._id, today - 1, "m/b", [7, 3], 0.001),
      // Before the window (30 days: Nov 8 … Dec 7), and another user's: neither counted.
      record(user._id, today - 30 * DAY + 5, "m/a", [1000, 1000], 1),
      record(other.user._id, today + 1000, "m/a", [5000, 5000], 5),
    ]);

    const answer = await usage(jar);
    expect(answer.status).toBe(200);
    expect(answer.body.days).toHaveLength(30);
    expect(answer.body.days[0]).toEqual({ date: "2026-11-08", promptTokens: 0, completionTokens: 0, costUsd: null });
    expect(answer.body.days.at(-2)).toEqual({ date: "2026-12-06", promptTokens: 7, completionTokens: 3, costUsd: 0.001 });
    expect(answer.body.days.at(-1)).toEqual({ date: "2026-12-07", promptTokens: 110, completionTokens: 55, costUsd: 0.002 });
    expect(answer.body.models).toEqual([
      { model: "m/a", name: "m/a", generations: 2, promptTokens: 110, completionTokens: 55, costUsd: 0.002 },
      { model: "m/b", name: "m/b", generations: 2, promptTokens: 7, completionTokens: 3, costUsd: 0.001 },
    ]);

    const oneDay = await usage(jar, "days=1");
    expect(oneDay.body.days).toEqual([{ date: "2026-12-07", promptTokens: 110, completionTokens: 55, costUsd: 0.002 }]);
    const longest = await usage(jar, "days=90");
    expect(longest.body.days).toHaveLength(90);
    expect(longest.body.models.find((model) => model.model === "m/a")).toMatchObject({ generations: 3, promptTokens: 1110 });
  });

  it("names models from the stored catalog, with one command: the user's records (neither the user nor their key)", async () => {
    const { user, jar } = await signedInUser();
    const listed = { id: "m/a", name: "Model A", contextLength: 8192, pricing: null };
    await (await rawCollection("modelCatalog")).replaceOne({ _id: "togetherAI" as never }, { models: [listed], fetchedAt: new Date(NOW - DAY), failedAt: null }, { upsert: true });
    cachedCatalog.forget();
    await (await rawCollection("generations")).insertMany([record(user._id, NOW - 1000, "m/a", [1, 2], null), record(user._id, NOW - 2000, "m/b", [3, 4], null)]);

    // The first read fills this process's copy of the catalog (lib/model-catalog/process-cache.ts).
    await usage(jar);
    let answer: Awaited<ReturnType<typeof usage>> | undefined;
    const sent = await commandsDuring(async () => void (answer = await usage(jar)));
    expect(sent.map(describeCommand)).toEqual(["find generations"]);
    expect(answer?.body.models.map(({ model, name }) => ({ model, name }))).toEqual([
      { model: "m/b", name: "m/b" },
      { model: "m/a", name: "Model A" },
    ]);
  });

  it("answers an empty window with zero days, not an error", async () => {
    const { jar } = await signedInUser();
    const answer = await usage(jar, "days=3");
    expect(answer.body).toEqual({
      days: ["2026-12-05", "2026-12-06", "2026-12-07"].map((date) => ({ date, promptTokens: 0, completionTokens: 0, costUsd: null })),
      models: [],
    });
  });

  it.each(["days=0", "days=91", "days=1.5", "days=abc", "days=-3"])("refuses %s with a field error", async (query) => {
    const { jar } = await signedInUser();
    const answer = await usage(jar, query);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.fields?.days?.length).toBeGreaterThan(0);
  });
});
