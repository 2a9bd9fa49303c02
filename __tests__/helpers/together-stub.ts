import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Together AI's OpenAI-compatible API on 127.0.0.1, speaking
 * the real protocol: `POST /v1/chat/completions` with `stream: true` answers
 * server-sent events (`data: {"choices":[{"delta":{"content":…}}]}` lines,
 * then `data: [DONE]`), and `GET /v1/models` lists models for a known key.
 * It records every request (headers, body, and whether the caller went away
 * before the answer ended) and answers each chat request with the next queued
 * behaviour. A complete stream ends with a chunk carrying its finish reason
 * and, when the request asks `stream_options: { include_usage: true }`, a
 * last chunk with no choices and the token counts, as Together sends them.
 */

export type StubBehaviour =
  /**
   * Streams `chunks` `intervalMs` apart; with `holdLast`, waits for it before sending the last chunk.
   * Ends with `finishReason` ("stop" by default; "length" is a cut at max_tokens) and, when asked for, `usage`
   * (default STUB_USAGE; null sends no count even when asked).
   */
  | {
      kind: "stream";
      chunks: string[];
      intervalMs?: number;
      holdLast?: Promise<void>;
      finishReason?: string;
      usage?: { prompt_tokens: number; completion_tokens: number } | null;
    }
  /** Streams `chunks`, then sends nothing more and never ends (a stall after the first token). */
  | { kind: "stall"; chunks: string[] }
  /** Answers 200 with the event-stream headers, then nothing (no first token). */
  | { kind: "silent" }
  /** Streams `chunks`, then cuts the connection without `[DONE]`. */
  | { kind: "cut"; chunks: string[] }
  /** An error answer, as Together sends one. */
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** Resolves when the exchange is over: true when the caller closed it before the stub finished. */
  closed: Promise<boolean>;
}

export interface TogetherStub {
  /** The base URL to configure as TOGETHER_API_BASE_URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues how the next chat request is answered (default: a short complete stream). */
  enqueue(...behaviours: StubBehaviour[]): void;
  /** Keys `GET /models` accepts; any other gets 401. */
  acceptKeys(...keys: string[]): void;
  /** Makes `GET /models` answer with this status (e.g. 503), never answer ("silent"), or back to normal with null. */
  failModels(status: number | "silent" | null): void;
  /** What `GET /models` lists from now on (default: STUB_MODELS, Together's shape with prices). */
  setModels(models: unknown): void;
  /** Chat requests only. */
  chatRequests(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** Together's `GET /v1/models` shape: display names, context lengths, prices in USD per million tokens. */
export const STUB_MODELS = [
  {
    id: "stub-model",
    object: "model",
    created: 1700000000,
    type: "chat",
    display_name: "Stub Coder 7B",
    context_length: 32768,
    pricing: { hourly: 0, input: 0.3, output: 0.6, base: 0, finetune: 0 },
  },
  {
    id: "Qwen/Qwen2.5-Coder-32B-Instruct",
    object: "model",
    created: 1700000000,
    type: "chat",
    display_name: "Qwen 2.5 Coder 32B Instruct",
    context_length: 16384,
    pricing: { hourly: 0, input: 0.8, output: 0.8, base: 0, finetune: 0 },
  },
  { id: "stub/unpriced", object: "model", created: 1700000000, type: "chat" },
];

export const DEFAULT_CHUNKS = ["Here is ", "your code:\n\n", "```ts\nconsole.log(1);\n```\n"];

function chunkEvent(content: string, index: number): string {
  const chunk = {
    id: `chatcmpl-stub-${index}`,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: "stub-model",
    choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: null }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The token counts a complete stream reports when asked, unless its behaviour says otherwise. */
export const STUB_USAGE = { prompt_tokens: 42, completion_tokens: 7 };

function finalEvents(finishReason: string, usage: { prompt_tokens: number; completion_tokens: number } | null): string {
  const base = { id: "chatcmpl-stub-final", object: "chat.completion.chunk", created: 0, model: "stub-model" };
  const finish = `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] })}\n\n`;
  const counts = usage ? `data: ${JSON.stringify({ ...base, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n` : "";
  return `${finish}${counts}data: [DONE]\n\n`;
}

/** Whether a chat request asked for the token counts in its stream. */
function asksForUsage(body: unknown): boolean {
  if (typeof body !== "object" || body === null || !("stream_options" in body)) return false;
  const options = body.stream_options;
  return typeof options === "object" && options !== null && "include_usage" in options && options.include_usage === true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const text = Buffer.concat(parts).toString("utf8");
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

function startEventStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
}

async function answerChat(behaviour: StubBehaviour, res: ServerResponse, gone: () => boolean, withUsage: boolean): Promise<void> {
  switch (behaviour.kind) {
    case "status": {
      const body = { error: { message: behaviour.message ?? `stub error ${behaviour.status}`, type: "stub_error" } };
      res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers });
      res.end(JSON.stringify(body));
      return;
    }
    case "silent":
      startEventStream(res);
      return;
    case "stall":
    case "cut":
      startEventStream(res);
      behaviour.chunks.forEach((content, index) => res.write(chunkEvent(content, index)));
      // Cut once the chunks have surely been read, as a connection dropping mid-answer would.
      if (behaviour.kind === "cut") setTimeout(() => res.socket?.destroy(), 200);
      return;
    case "stream": {
      startEventStream(res);
      const { chunks, intervalMs = 0, holdLast, finishReason = "stop", usage = STUB_USAGE } = behaviour;
      for (const [index, content] of chunks.entries()) {
        if (index === chunks.length - 1 && holdLast) await holdLast;
        else if (index > 0 && intervalMs > 0) await sleep(intervalMs);
        if (gone()) return;
        res.write(chunkEvent(content, index));
      }
      res.end(finalEvents(finishReason, withUsage ? usage : null));
    }
  }
}

export async function startTogetherStub(): Promise<TogetherStub> {
  const requests: RecordedRequest[] = [];
  let queue: StubBehaviour[] = [];
  let acceptedKeys = new Set<string>();
  let modelsStatus: number | "silent" | null = null;
  let modelList: unknown = STUB_MODELS;

  const server = createServer(async (req, res) => {
    let finished = false;
    let resolveClosed: (value: boolean) => void = () => {};
    const closed = new Promise<boolean>((resolve) => (resolveClosed = resolve));
    res.on("finish", () => {
      finished = true;
      resolveClosed(false);
    });
    res.on("close", () => resolveClosed(!finished));
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      authorization: req.headers.authorization,
      body: await readBody(req),
      closed,
    };
    requests.push(record);

    if (req.method === "GET" && path === "/v1/models") {
      // Holds the request open: the caller's own timeout must end it (close() cuts it).
      if (modelsStatus === "silent") return;
      const key = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      const status = modelsStatus ?? (acceptedKeys.has(key) ? 200 : 401);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? modelList : { error: { message: "Invalid API key" } }));
      return;
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const behaviour = queue.shift() ?? { kind: "stream", chunks: DEFAULT_CHUNKS };
      await answerChat(behaviour, res, () => res.destroyed, asksForUsage(record.body));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not found" } }));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => queue.push(...behaviours),
    acceptKeys: (...keys) => (acceptedKeys = new Set(keys)),
    failModels: (status) => (modelsStatus = status),
    setModels: (models) => (modelList = models),
    chatRequests: () => requests.filter((request) => request.path === "/v1/chat/completions"),
    reset() {
      requests.length = 0;
      queue = [];
      acceptedKeys = new Set();
      modelsStatus = null;
      modelList = STUB_MODELS;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface StubForThisFileOptions {
  /**
   * Where its address goes as TOGETHER_API_BASE_URL: this process's
   * environment (the app in the tests reads it at its first request), or the
   * environment a browser test's app server starts with (its beforeAll runs
   * after this one).
   */
  exportTo?: Record<string, string | undefined>;
  /** Forget what each test queued and accepted (off for browser tests whose tests run on from one another). */
  resetAfterEach?: boolean;
}

/** A stub for every test of this file: started before them, reset after each (unless told not to), closed after all. */
export function togetherStubForThisFile({ exportTo = process.env, resetAfterEach = true }: StubForThisFileOptions = {}): TogetherStub {
  let instance: TogetherStub | undefined;
  const current = () => {
    if (!instance) throw new Error("the Together stub starts in beforeAll; use it inside a test");
    return instance;
  };
  beforeAll(async () => {
    instance = await startTogetherStub();
    exportTo.TOGETHER_API_BASE_URL = instance.baseUrl;
  });
  if (resetAfterEach) afterEach(() => instance?.reset());
  afterAll(() => instance?.close());
  return {
    get baseUrl() {
      return current().baseUrl;
    },
    get requests() {
      return current().requests;
    },
    enqueue: (...behaviours) => current().enqueue(...behaviours),
    acceptKeys: (...keys) => current().acceptKeys(...keys),
    failModels: (status) => current().failModels(status),
    setModels: (models) => current().setModels(models),
    chatRequests: () => current().chatRequests(),
    reset: () => current().reset(),
    close: () => current().close(),
  };
}
