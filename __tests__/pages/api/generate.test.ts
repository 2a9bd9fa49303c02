/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub/coder-large,stub/coder-small"}} */
import { getEnv, type Env } from "@/lib/core/env";
import * as generateRoute from "@/pages/api/generate";
import { APP_ORIGIN, CookieJar, signedInUser } from "../../helpers/auth";
import {
  generate,
  generationRecords,
  TOGETHER_KEY,
  userWithTogetherKey,
  waitForGenerationRecords,
} from "../../helpers/generation";
import { callRoute, streamRoute } from "../../helpers/http";
import { DEFAULT_CHUNKS, togetherStubForThisFile } from "../../helpers/together-stub";

/**
 * `POST /api/generate` against a real HTTP stand-in for Together AI: the
 * user's own key goes upstream, the answer streams back as it arrives, every
 * provider failure becomes an error a person can act on, and Stop aborts the
 * upstream request.
 */

const stub = togetherStubForThisFile();

const prompt = "Write a function that adds two numbers";

/**
 * Runs `work` with the provider timeouts set to `seconds`. The file keeps the
 * defaults (30 s), so no stream that should complete can time out however
 * slow the machine; a test that needs a timeout to fire shortens only that
 * one, and only for itself.
 */
async function withTimeouts<T>(seconds: Partial<Pick<Env, "GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS" | "GENERATE_IDLE_TIMEOUT_SECONDS">>, work: () => Promise<T>): Promise<T> {
  const env = getEnv();
  const saved = { GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS: env.GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS, GENERATE_IDLE_TIMEOUT_SECONDS: env.GENERATE_IDLE_TIMEOUT_SECONDS };
  Object.assign(env, seconds);
  try {
    return await work();
  } finally {
    Object.assign(env, saved);
  }
}

describe("POST /api/generate: who may call it and with what", () => {
  it("answers 401 signed out, 403 cross-site and 405 for GET, without calling the provider", async () => {
    expect((await generate(undefined, { prompt })).status).toBe(401);
    const { jar } = await userWithTogetherKey();
    const crossSite = await generate(jar, { prompt }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error?.code).toBe("CROSS_SITE_REQUEST");
    const get = await callRoute(generateRoute, { method: "GET", jar });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await generate(jar, undefined)).status).toBe(415);
    expect(stub.chatRequests()).toHaveLength(0);
  });

  it.each([
    ["an empty prompt", { prompt: "" }, "prompt"],
    ["a blank prompt", { prompt: "   \n " }, "prompt"],
    ["a prompt of 8,001 characters", { prompt: "x".repeat(8001) }, "prompt"],
    ["a language not on the list", { prompt, language: "cobol" }, "language"],
    ["a model not on the allow-list", { prompt, model: "someone/expensive-model" }, "model"],
    ["a prompt that is not text", { prompt: 42 }, "prompt"],
  ])("refuses %s with a field error on it", async (_case, json, field) => {
    const { jar } = await userWithTogetherKey();
    const response = await generate(jar, json);
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe("VALIDATION_FAILED");
    expect(response.body.error?.fields?.[field]?.length).toBeGreaterThan(0);
    expect(stub.chatRequests()).toHaveLength(0);
  });

  it("accepts a prompt of exactly 8,000 characters, in any script", async () => {
    const { jar } = await userWithTogetherKey();
    expect((await generate(jar, { prompt: "y".repeat(8000) })).status).toBe(200);
    // 24 kB of UTF-8: more than other routes' 16 kB body limit.
    expect((await generate(jar, { prompt: "漢".repeat(8000) })).status).toBe(200);
  });

  it("refuses a body over 64 kB with 413", async () => {
    const { jar } = await userWithTogetherKey();
    const response = await generate(jar, { prompt: "z".repeat(70_000) });
    expect(response.status).toBe(413);
    expect(stub.chatRequests()).toHaveLength(0);
  });

  it("answers 400 NO_API_KEY, saying where to add one, when no Together key is stored", async () => {
    const { jar } = await signedInUser();
    const response = await generate(jar, { prompt });
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe("NO_API_KEY");
    expect(response.body.error?.message).toMatch(/Settings/);
    expect(stub.chatRequests()).toHaveLength(0);
  });
});

describe("POST /api/generate: streaming", () => {
  it("calls the provider with the user's decrypted key and streams the text back as it arrives", async () => {
    const { user, jar } = await userWithTogetherKey();
    let releaseLast = () => {};
    const holdLast = new Promise<void>((resolve) => (releaseLast = resolve));
    stub.enqueue({ kind: "stream", chunks: ["first ", "second ", "last"], holdLast });

    await streamRoute(generateRoute, { jar, json: { prompt, language: "python" }, headers: { origin: APP_ORIGIN } }, async (response) => {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
      expect(response.headers.get("x-accel-buffering")).toBe("no");
      expect(response.headers.get("content-length")).toBeNull();
      expect(response.headers.get("x-generation-id")).toMatch(/^[0-9a-f]{24}$/);

      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = "";
      // The stub is still holding its last chunk: what arrives now was streamed, not buffered.
      while (!received.includes("second ")) received += decoder.decode((await reader.read()).value, { stream: true });
      expect(received).toBe("first second ");
      releaseLast();
      for (let part = await reader.read(); !part.done; part = await reader.read()) received += decoder.decode(part.value, { stream: true });
      expect(received).toBe("first second last");
    });

    const [request] = stub.chatRequests();
    expect(request?.authorization).toBe(`Bearer ${TOGETHER_KEY}`);
    expect(request?.body).toMatchObject({
      model: "stub/coder-large",
      stream: true,
      messages: [
        { role: "system", content: expect.stringContaining("Python") },
        { role: "user", content: prompt },
      ],
    });

    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({
      model: "stub/coder-large",
      language: "python",
      promptChars: prompt.length,
      outputChars: "first second last".length,
      outcome: "completed",
      timeToFirstTokenMs: expect.any(Number),
      durationMs: expect.any(Number),
    });
    const raw = JSON.stringify(record);
    expect(raw).not.toContain(TOGETHER_KEY);
    expect(raw).not.toContain(prompt);
    expect(raw).not.toContain("first second");
  });

  it("uses the model asked for when it is on the allow-list", async () => {
    const { jar } = await userWithTogetherKey();
    expect((await generate(jar, { prompt, model: "stub/coder-small" })).text).toBe(DEFAULT_CHUNKS.join(""));
    expect(stub.chatRequests()[0]?.body).toMatchObject({ model: "stub/coder-small" });
  });

  it("aborts the upstream request at once when the browser goes away, and records the generation as stopped", async () => {
    const { user, jar } = await userWithTogetherKey();
    // After its first token the provider sends nothing and never ends: only the browser going away can end this request
    // (the idle timeout is 30 s here, and would record "stalled").
    stub.enqueue({ kind: "stall", chunks: ["partial "] });

    await streamRoute(generateRoute, { jar, json: { prompt }, headers: { origin: APP_ORIGIN } }, async (response, controller) => {
      const reader = response.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("partial ");
      controller.abort();
    });

    const [request] = stub.chatRequests();
    expect(await request!.closed).toBe(true);
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record?.outcome).toBe("stopped");
    expect(record?.outputChars).toBe("partial ".length);
  });
});

describe("POST /api/generate: provider failures become errors a person can act on", () => {
  it.each([
    [{ kind: "status", status: 401 } as const, 400, "INVALID_API_KEY", "key_rejected"],
    [{ kind: "status", status: 403 } as const, 400, "INVALID_API_KEY", "key_rejected"],
    [{ kind: "status", status: 500 } as const, 502, "PROVIDER_ERROR", "provider_error"],
    [{ kind: "status", status: 503 } as const, 502, "PROVIDER_ERROR", "provider_error"],
    [{ kind: "status", status: 404, message: "model not found" } as const, 502, "PROVIDER_ERROR", "provider_error"],
  ])("upstream %j → %i %s", async (behaviour, status, code, outcome) => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue(behaviour);
    const response = await generate(jar, { prompt });
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.text).not.toContain(TOGETHER_KEY);
    expect(stub.chatRequests()).toHaveLength(1);
    const [record] = await waitForGenerationRecords(user._id, 1);
    expect(record).toMatchObject({ outcome, outputChars: 0, timeToFirstTokenMs: null });
  });

  it("passes the provider's Retry-After on with a 429", async () => {
    const { jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "status", status: 429, headers: { "retry-after": "17" } });
    const response = await generate(jar, { prompt });
    expect(response.status).toBe(429);
    expect(response.body.error?.code).toBe("PROVIDER_RATE_LIMITED");
    expect(response.headers.get("retry-after")).toBe("17");
  });

  it("answers 504 when no first token arrives in time, and ends the upstream request", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "silent" });
    const response = await withTimeouts({ GENERATE_FIRST_TOKEN_TIMEOUT_SECONDS: 1 }, () => generate(jar, { prompt }));
    expect(response.status).toBe(504);
    expect(response.body.error?.code).toBe("PROVIDER_TIMEOUT");
    expect(await stub.chatRequests()[0]!.closed).toBe(true);
    expect((await waitForGenerationRecords(user._id, 1))[0]?.outcome).toBe("timed_out");
  });

  it("answers 502 when the provider cannot be reached at all", async () => {
    const { jar } = await userWithTogetherKey();
    const saved = process.env.TOGETHER_API_BASE_URL;
    const { getEnv } = await import("@/lib/core/env");
    const env = getEnv();
    // A port nothing listens on: the stub's, once it is closed, is not safe to reuse; port 9 (discard) on loopback refuses.
    Object.assign(env, { TOGETHER_API_BASE_URL: "http://127.0.0.1:9/v1" });
    try {
      const response = await generate(jar, { prompt });
      expect(response.status).toBe(502);
      expect(response.body.error?.code).toBe("PROVIDER_ERROR");
    } finally {
      Object.assign(env, { TOGETHER_API_BASE_URL: saved });
    }
  });

  it("ends a stream that stalls after the first token with a visible marker line", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "stall", chunks: ["def add(a, b):\n"] });
    const response = await withTimeouts({ GENERATE_IDLE_TIMEOUT_SECONDS: 1 }, () => generate(jar, { prompt }));
    expect(response.status).toBe(200);
    expect(response.text).toBe("def add(a, b):\n\n\n[KeyForge] The model stopped sending for too long; the answer above is incomplete.\n");
    expect(await stub.chatRequests()[0]!.closed).toBe(true);
    expect((await waitForGenerationRecords(user._id, 1))[0]).toMatchObject({ outcome: "stalled", outputChars: 15 });
  });

  it("ends a stream the provider cuts off with a visible marker line, never silently", async () => {
    const { user, jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "cut", chunks: ["half an ", "answer"] });
    const response = await generate(jar, { prompt });
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^half an answer\n\n\[KeyForge\] The provider failed while answering/);
    expect((await waitForGenerationRecords(user._id, 1))[0]?.outcome).toBe("provider_error");
  });

  it("never sends a key, a stack trace or provider internals in an error", async () => {
    const { jar } = await userWithTogetherKey();
    stub.enqueue({ kind: "status", status: 500, message: `internal trace at /srv/model.py line 3 ${TOGETHER_KEY}` });
    const response = await generate(jar, { prompt });
    expect(response.text).not.toMatch(/model\.py|tgp_v1|stack/i);
  });
});

describe("usage records", () => {
  it("keep one record per generation that reached the provider, and none for refused requests", async () => {
    const { user, jar } = await userWithTogetherKey();
    await generate(jar, { prompt: "" });
    await generate(new CookieJar(), { prompt });
    await generate(jar, { prompt });
    stub.enqueue({ kind: "status", status: 401 });
    await generate(jar, { prompt });
    const records = await waitForGenerationRecords(user._id, 2);
    expect(records.map((record) => record.outcome)).toEqual(["completed", "key_rejected"]);
    expect(await generationRecords(user._id)).toHaveLength(2);
  });
});
