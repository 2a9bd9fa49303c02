/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub/coder-large,stub/coder-small,stub-model"}} */
import { getEnv } from "@/lib/core/env";
import { cachedCatalog } from "@/lib/model-catalog/catalog";
import type { GenerationUsageResponse } from "@/lib/generation/shared";
import * as usageRoute from "@/pages/api/user/usage/[id]";
import * as preferencesRoute from "@/pages/api/user/preferences";
import { APP_ORIGIN, signedInUser } from "../../helpers/auth";
import { generate, TOGETHER_KEY, userWithTogetherKey, waitForGenerationRecords } from "../../helpers/generation";
import { callRoute } from "../../helpers/http";
import { STUB_USAGE, togetherStubForThisFile } from "../../helpers/together-stub";
import { rawCollection } from "../../helpers/users";

/**
 * Tokens, finish reason and estimated cost of each generation: asked for in
 * the stream, recorded on its usage record only when the answer ran to its
 * end (unknown, never zero, otherwise), and readable by its owner alone,
 * with history on or off.
 */

const stub = togetherStubForThisFile();
const prompt = "Write a function that adds two numbers";

function usageOf(jar: Parameters<typeof generate>[0], id: string) {
  return callRoute<GenerationUsageResponse & { error?: { code: string } }>(usageRoute, { jar, params: { id } });
}

describe("token usage of a generation", () => {
  it("asks the provider for the counts in the stream and records them with the finish reason", async () => {
    const { user, jar } = await userWithTogetherKey();
    const response = await generate(jar, { prompt });
    expect(response.status).toBe(200);
    expect(stub.chatRequests()[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({
      outcome: "completed",
      finishReason: "stop",
      usage: { promptTokens: STUB_USAGE.prompt_tokens, completionTokens: STUB_USAGE.completion_tokens },
      // The catalog knows no price yet: unknown, not zero.
      costUsd: null,
    });
  });

  it("prices the counts at the model's listed price, read from the provider's model list with the user's key", async () => {
    stub.acceptKeys(TOGETHER_KEY);
    // Earlier tests' keys were refused by the model list: its one-minute pause after a failure ends here.
    await (await rawCollection("modelCatalog")).deleteMany({});
    cachedCatalog.forget();
    const { user, jar } = await userWithTogetherKey();
    const response = await generate(jar, { prompt, model: "stub-model" });
    expect(response.status).toBe(200);
    const [record] = await waitForGenerationRecords(user._id, 1);
    // stub-model lists $0.30 in and $0.60 out per million tokens.
    const expected = (STUB_USAGE.prompt_tokens * 0.3 + STUB_USAGE.completion_tokens * 0.6) / 1_000_000;
    expect(record?.costUsd).toBeCloseTo(expected, 12);
    const shown = await usageOf(jar, String(record?._id));
    expect(shown.body.generation).toMatchObject({ usage: { promptTokens: 42, completionTokens: 7 } });
    expect(shown.body.generation.costUsd).toBeCloseTo(expected, 12);
  });

  it("records a length cut as completed with finish reason length and its counts", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "stream", chunks: ["def add(a, b):", "\n    return"], finishReason: "length", usage: { prompt_tokens: 30, completion_tokens: 16 } });
    const response = await generate(jar, { prompt });
    expect(response.text).toContain("[KeyForge] The answer reached the length limit");
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({ outcome: "completed", finishReason: "length", usage: { promptTokens: 30, completionTokens: 16 } });
  });

  it("records unknown usage (null) when the provider sends no count", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "stream", chunks: ["ok"], usage: null });
    await generate(jar, { prompt });
    expect((await waitForGenerationRecords(user._id, 1))[0]).toMatchObject({ outcome: "completed", usage: null, costUsd: null });
  });

  it("records unknown usage for a stream that stalls or is cut, never zero", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "cut", chunks: ["half an ", "answer"] });
    await generate(jar, { prompt });
    const env = getEnv();
    const saved = env.GENERATE_IDLE_TIMEOUT_SECONDS;
    env.GENERATE_IDLE_TIMEOUT_SECONDS = 1;
    try {
      stub.enqueue({ kind: "stall", chunks: ["def add(a, b):\n"] });
      await generate(jar, { prompt });
    } finally {
      env.GENERATE_IDLE_TIMEOUT_SECONDS = saved;
    }
    const records = await waitForGenerationRecords(user._id, 2);
    expect(records.map((record) => [record.outcome, record.usage, record.costUsd])).toEqual([
      ["provider_error", null, null],
      ["stalled", null, null],
    ]);
  });
});

describe("GET /api/user/usage/<generation id>", () => {
  it("answers the owner with the numbers, with history off too, and 404 to anyone else", async () => {
    const { user, jar } = await userWithTogetherKey();
    const off = await callRoute(preferencesRoute, { method: "PATCH", jar, json: { keepGenerationHistory: false }, headers: { origin: APP_ORIGIN } });
    expect(off.status).toBe(200);
    const response = await generate(jar, { prompt });
    const id = response.headers.get("x-generation-id")!;
    await waitForGenerationRecords(user._id, 1);

    const own = await usageOf(jar, id);
    expect(own.status).toBe(200);
    expect(own.body.generation).toEqual({
      id,
      outcome: "completed",
      usage: { promptTokens: 42, completionTokens: 7 },
      costUsd: null,
      finishReason: "stop",
      timeToFirstTokenMs: expect.any(Number),
      durationMs: expect.any(Number),
    });

    const other = await signedInUser();
    expect((await usageOf(other.jar, id)).status).toBe(404);
    expect((await usageOf(undefined, id)).status).toBe(401);
    expect((await usageOf(jar, "not-an-id")).status).toBe(400);
  });
});
