import { estimatedCost, recordedUsage, usageFromChunk, withUsageInStream } from "@/lib/generation/usage";
import { summariseUsage } from "@/lib/generation/usage-report";
import type { ModelInfo } from "@/lib/model-catalog/shared";

/** Reading the provider's counts, keeping them only for answers that ran to their end, pricing them, and summing them per day and model. */

const priced: ModelInfo = { id: "m/priced", name: "Priced", contextLength: 8192, pricing: { inputPerMillion: 0.6, outputPerMillion: 1.2 } };

describe("token usage", () => {
  it("asks for the counts without changing the request otherwise", () => {
    const params = { model: "m", messages: [{ role: "user" as const, content: "hi" }], stream: true as const };
    expect(withUsageInStream(params)).toEqual({ ...params, stream_options: { include_usage: true } });
  });

  it.each([
    [{ prompt_tokens: 3, completion_tokens: 4 }, { promptTokens: 3, completionTokens: 4 }],
    [{ prompt_tokens: 0, completion_tokens: 0 }, { promptTokens: 0, completionTokens: 0 }],
    [{ prompt_tokens: 3 }, null],
    [{ prompt_tokens: -1, completion_tokens: 4 }, null],
    [{ prompt_tokens: 1.5, completion_tokens: 4 }, null],
    [null, null],
    [undefined, null],
  ])("reads %j as %j", (chunk, expected) => {
    expect(usageFromChunk(chunk)).toEqual(expected);
  });

  it("keeps the counts of completed answers only: anything else is unknown", () => {
    const counts = { promptTokens: 1, completionTokens: 2 };
    expect(recordedUsage("completed", counts)).toEqual(counts);
    for (const outcome of ["stopped", "stalled", "provider_error", "timed_out"] as const) expect(recordedUsage(outcome, counts)).toBeNull();
  });

  it("prices the counts with the catalog's price for the model and the user's key", async () => {
    const catalog = jest.fn(async () => priced);
    expect(await estimatedCost("m/priced", "key-1", { promptTokens: 1000, completionTokens: 500 }, catalog)).toBeCloseTo(0.0012, 12);
    expect(catalog).toHaveBeenCalledWith("m/priced", "key-1");
  });

  it("is unknown without counts (no catalog call), without a price, or when the catalog fails", async () => {
    const catalog = jest.fn(async () => priced);
    expect(await estimatedCost("m/priced", "k", null, catalog)).toBeNull();
    expect(catalog).not.toHaveBeenCalled();
    expect(await estimatedCost("m", "k", { promptTokens: 1, completionTokens: 1 }, async () => ({ ...priced, pricing: null }))).toBeNull();
    expect(await estimatedCost("m", "k", { promptTokens: 1, completionTokens: 1 }, async () => null)).toBeNull();
    expect(await estimatedCost("m", "k", { promptTokens: 1, completionTokens: 1 }, () => Promise.reject(new Error("down")))).toBeNull();
  });
});

describe("the usage report's sums", () => {
  const dates = ["2026-12-05", "2026-12-06", "2026-12-07"];
  const at = (iso: string) => new Date(iso);

  it("has every day, sums tokens and known costs, and counts unknown usage as a generation without tokens", () => {
    const report = summariseUsage(
      [
        { model: "a", createdAt: at("2026-12-05T23:59:59.999Z"), usage: { promptTokens: 10, completionTokens: 5 }, costUsd: 0.5 },
        { model: "a", createdAt: at("2026-12-07T00:00:00.000Z"), usage: { promptTokens: 1, completionTokens: 2 }, costUsd: null },
        { model: "b", createdAt: at("2026-12-07T10:00:00.000Z"), usage: null, costUsd: null },
        { model: "b", createdAt: at("2026-12-07T11:00:00.000Z"), costUsd: 0.25, usage: { promptTokens: 100, completionTokens: 0 } },
        // Outside the window (a clock that moved on): ignored.
        { model: "a", createdAt: at("2026-12-04T12:00:00.000Z"), usage: { promptTokens: 999, completionTokens: 999 }, costUsd: 9 },
      ],
      dates,
      new Map([["a", "Model A"]]),
    );
    expect(report.days).toEqual([
      { date: "2026-12-05", promptTokens: 10, completionTokens: 5, costUsd: 0.5 },
      { date: "2026-12-06", promptTokens: 0, completionTokens: 0, costUsd: null },
      { date: "2026-12-07", promptTokens: 101, completionTokens: 2, costUsd: 0.25 },
    ]);
    expect(report.models).toEqual([
      { model: "b", name: "b", generations: 2, promptTokens: 100, completionTokens: 0, costUsd: 0.25 },
      { model: "a", name: "Model A", generations: 2, promptTokens: 11, completionTokens: 7, costUsd: 0.5 },
    ]);
  });
});
