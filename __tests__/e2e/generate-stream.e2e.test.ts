import { request as httpRequest } from "node:http";
import { markEmailVerified } from "./helpers/accounts";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { browserFetch } from "./helpers/browser-fetch";
import { startTogetherStub, type TogetherStub } from "../helpers/together-stub";

/**
 * `POST /api/generate` through the production server (`next start`), byte by
 * byte as a client receives it: Next's gzip must not buffer the stream, the
 * first token must leave while the provider is still answering, and closing
 * the connection must end the provider's request at once.
 */

let app: AppServer;
let stub: TogetherStub;
let cookie = "";

const person = { name: "Stream Tester", email: "stream@example.com", password: "Streaming-Tokens-2026" };
const togetherKey = "tgp_v1_StreamTest-0123456789abcdef";

beforeAll(async () => {
  stub = await startTogetherStub();
  app = await startAppServer({ env: { TOGETHER_API_BASE_URL: stub.baseUrl } });
  const send = browserFetch(app.baseUrl);
  const json = { "content-type": "application/json" };
  expect((await send("/api/auth/signup", { method: "POST", headers: json, body: JSON.stringify(person) })).status).toBe(201);
  const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
  await send("/api/auth/callback/credentials", { method: "POST", form: { email: person.email, password: person.password, csrfToken, json: "true" } });
  await markEmailVerified(app, person.email);
  expect((await send("/api/user/api-keys", { method: "POST", headers: json, body: JSON.stringify({ togetherAI: togetherKey }) })).status).toBe(200);
  cookie = send.cookie();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await stub?.close();
});

/** POSTs a generation over a raw connection asking for gzip, resolving with the response as it starts. */
function startGeneration(prompt: string) {
  return new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
    const body = JSON.stringify({ prompt });
    const url = new URL("/api/generate", app.baseUrl);
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-encoding": "gzip, deflate, br", origin: app.baseUrl, cookie },
    });
    req.on("response", resolve);
    req.on("error", reject);
    req.end(body);
  });
}

it("streams the first token uncompressed while the provider is still answering", async () => {
  let releaseLast = () => {};
  stub.enqueue({ kind: "stream", chunks: ["fn main() {", " println!(\"hi\"); }"], holdLast: new Promise<void>((resolve) => (releaseLast = resolve)) });
  const response = await startGeneration("Hello world in Rust");
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-encoding"]).toBeUndefined();
  expect(response.headers["transfer-encoding"]).toBe("chunked");
  expect(response.headers["cache-control"]).toBe("no-cache, no-transform");
  expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");

  const received: string[] = [];
  const ended = new Promise<void>((resolve) => response.on("end", resolve));
  const first = new Promise<string>((resolve) => response.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8"))));
  response.on("data", (chunk: Buffer) => received.push(chunk.toString("utf8")));
  // The stub is holding its last chunk, so this can only arrive if nothing buffers it.
  expect(await first).toBe("fn main() {");
  releaseLast();
  await ended;
  expect(received.join("")).toBe('fn main() { println!("hi"); }');
});

it("ends the provider's request as soon as the client disconnects", async () => {
  stub.enqueue({ kind: "stream", chunks: Array.from({ length: 100 }, (_, index) => `line ${index}\n`), intervalMs: 100 });
  const response = await startGeneration("A long answer");
  await new Promise((resolve) => response.once("data", resolve));
  const closedAt = Date.now();
  response.destroy();
  const upstream = stub.chatRequests().at(-1)!;
  expect(await upstream.closed).toBe(true);
  expect(Date.now() - closedAt).toBeLessThan(2000);
});
