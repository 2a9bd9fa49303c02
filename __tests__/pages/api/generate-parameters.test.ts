/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub/coder-large", "GENERATE_MAX_TOKENS": "2048"}} */
import { BUILT_IN_PRESETS } from "@/lib/generation/shared";
import { generate, userWithTogetherKey, waitForGenerationRecords } from "../../helpers/generation";
import { togetherStubForThisFile } from "../../helpers/together-stub";

/**
 * The parameters of `POST /api/generate` reach the provider as they were
 * asked for (temperature, max tokens, the person's instructions after ours),
 * and out-of-bounds values are refused before anything is sent upstream.
 */

const stub = togetherStubForThisFile();
const prompt = "Write a function that adds two numbers";
const [explainBriefly] = BUILT_IN_PRESETS;

describe("POST /api/generate: parameters", () => {
  it("sends temperature, max tokens and the system message (our base, the language, the preset) upstream and records them", async () => {
    const { jar, user } = await userWithTogetherKey();
    const answer = await generate(jar, { prompt, language: "go", temperature: 0.3, maxTokens: 512, systemPrompt: explainBriefly?.text });
    expect(answer.status).toBe(200);
    const [request] = stub.chatRequests();
    expect(request?.body).toMatchObject({ temperature: 0.3, max_tokens: 512 });
    const body = request?.body as { messages: { role: string; content: string }[] };
    const system = body.messages[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("You are KeyForge's code assistant");
    expect(system?.content).toContain("Write the code in Go.");
    expect(system?.content).toContain(explainBriefly?.text);
    expect(body.messages.at(-1)).toEqual({ role: "user", content: prompt });
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({ temperature: 0.3, maxTokens: 512 });
  });

  it("without parameters sends no temperature, the server's max tokens and only our instructions", async () => {
    const { jar, user } = await userWithTogetherKey();
    expect((await generate(jar, { prompt })).status).toBe(200);
    const [request] = stub.chatRequests();
    const body = request?.body as Record<string, unknown> & { messages: { content: string }[] };
    expect(body).not.toHaveProperty("temperature");
    expect(body.max_tokens).toBe(2048);
    expect(body.messages[0]?.content).not.toContain("instructions too");
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({ temperature: null, maxTokens: 2048 });
  });

  it("accepts the bounds themselves: temperature 0 and 2, max tokens 16 and the limit", async () => {
    const { jar } = await userWithTogetherKey();
    expect((await generate(jar, { prompt, temperature: 0, maxTokens: 16 })).status).toBe(200);
    expect((await generate(jar, { prompt, temperature: 2, maxTokens: 2048 })).status).toBe(200);
    expect(stub.chatRequests().map((request) => request.body)).toMatchObject([
      { temperature: 0, max_tokens: 16 },
      { temperature: 2, max_tokens: 2048 },
    ]);
  });

  it.each([
    ["temperature 2.1", { temperature: 2.1 }, "temperature", "Use a number from 0 to 2"],
    ["a negative temperature", { temperature: -0.1 }, "temperature", "Use a number from 0 to 2"],
    ["temperature as text", { temperature: "hot" }, "temperature", "Use a number from 0 to 2"],
    ["max tokens over GENERATE_MAX_TOKENS", { maxTokens: 2049 }, "maxTokens", "Use at most 2,048 tokens"],
    ["max tokens under 16", { maxTokens: 15 }, "maxTokens", "Use at least 16 tokens"],
    ["max tokens not whole", { maxTokens: 100.5 }, "maxTokens", "Use a whole number of tokens"],
    ["instructions of 2,001 characters", { systemPrompt: "x".repeat(2001) }, "systemPrompt", "Use at most 2,000 characters"],
    ["an unknown field", { top_p: 0.5 }, "_", undefined],
  ])("refuses %s with a field error, sending nothing upstream", async (_case, extra, field, message) => {
    const { jar, user } = await userWithTogetherKey();
    const answer = await generate(jar, { prompt, ...extra });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("VALIDATION_FAILED");
    const messages = answer.body.error?.fields?.[field] ?? [];
    expect(messages.length).toBeGreaterThan(0);
    if (message) expect(messages).toContain(message);
    expect(stub.chatRequests()).toHaveLength(0);
    // Nothing reached the provider, so nothing is recorded either.
    expect(await waitForGenerationRecords(user._id, 0)).toHaveLength(0);
  });
});
