import { request as httpRequest, type IncomingMessage } from "node:http";
import net from "node:net";
import { markEmailVerified, withAppDatabase } from "./helpers/accounts";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { browserFetch } from "./helpers/browser-fetch";
import { startTogetherStub, type TogetherStub } from "../helpers/together-stub";

/**
 * `npm start` (scripts/start.ts) stopped by SIGTERM, as an orchestrator stops
 * it, through real processes and real connections: readiness turns 503 while
 * the streams in flight go on, new connections are refused, a stream finishes
 * (or, when SHUTDOWN_TIMEOUT_SECONDS runs out, ends with its marker), what
 * was answered before the signal is in the database, and the process exits 0.
 */

const person = { name: "Shutdown Tester", email: "shutdown@example.com", password: "Draining-Streams-2026" };
const togetherKey = "tgp_v1_ShutdownTest-0123456789abcdef";
const json = { "content-type": "application/json" };

let stub: TogetherStub;

beforeAll(async () => {
  stub = await startTogetherStub();
});

afterAll(() => stub?.close());

/** A signed-in person on `app`, with a verified address and a stored Together key, as one browser. */
async function signedIn(app: AppServer) {
  const send = browserFetch(app.baseUrl);
  async function signIn(): Promise<void> {
    const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
    const answer = await send("/api/auth/callback/credentials", { method: "POST", form: { email: person.email, password: person.password, csrfToken, json: "true" } });
    expect(answer.status).toBe(200);
  }
  expect((await send("/api/auth/signup", { method: "POST", headers: json, body: JSON.stringify(person) })).status).toBe(201);
  await signIn();
  await markEmailVerified(app, person.email);
  expect((await send("/api/user/api-keys", { method: "POST", headers: json, body: JSON.stringify({ togetherAI: togetherKey }) })).status).toBe(200);
  return { cookie: send.cookie, signIn };
}

/** The raw request of a generation (no gzip asked, so the text arrives as sent). */
function generationRequest(app: AppServer, cookie: string, prompt: string): string {
  const body = JSON.stringify({ prompt });
  const host = new URL(app.baseUrl).host;
  return (
    `POST /api/generate HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${app.baseUrl}\r\nCookie: ${cookie}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** POSTs a generation on a connection of its own, resolving with the response as it starts. */
function startGeneration(app: AppServer, cookie: string, prompt: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL("/api/generate", app.baseUrl), {
      method: "POST",
      headers: { ...json, origin: app.baseUrl, cookie },
      agent: false,
    });
    req.on("response", resolve);
    req.on("error", reject);
    req.end(JSON.stringify({ prompt }));
  });
}

/** Everything a response sends until it ends. */
function readAll(response: IncomingMessage): Promise<string> {
  const received: Buffer[] = [];
  response.on("data", (chunk: Buffer) => received.push(chunk));
  return new Promise((resolve, reject) => {
    response.on("end", () => resolve(Buffer.concat(received).toString("utf8")));
    response.on("error", reject);
  });
}

/** Resolves once the server has logged `event` (its output is read as it comes; the test's timeout bounds the wait). */
async function logged(app: AppServer, event: string): Promise<void> {
  while (!app.output().includes(`"event":"${event}"`)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Resolves once a connection to `app` is refused; rejects if one is accepted. */
function connectionRefused(app: AppServer): Promise<void> {
  const { hostname, port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      reject(new Error("a new connection was accepted while draining"));
    });
    socket.once("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNREFUSED" ? resolve() : reject(error)));
  });
}

/** Resolves once `response` has delivered at least `text`. */
function received(response: IncomingMessage, text: string): Promise<void> {
  let seen = "";
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (seen.includes(text)) {
        response.off("data", onData);
        resolve();
      }
    };
    response.on("data", onData);
  });
}

it("drains on SIGTERM: readiness 503 while streams finish, new connections refused, the answered request's audit event kept, exit 0", async () => {
  const app = await startAppServer({ startScript: true, env: { TOGETHER_API_BASE_URL: stub.baseUrl, SHUTDOWN_TIMEOUT_SECONDS: "300" } });
  try {
    const browser = await signedIn(app);
    expect((await fetch(`${app.baseUrl}/api/health/ready`)).status).toBe(200);

    // A stream the test holds open until it has seen the drain.
    let releaseLong = () => {};
    stub.enqueue({ kind: "stream", chunks: ["fn long() {", " 1 }"], holdLast: new Promise<void>((resolve) => (releaseLong = resolve)) });
    const long = await startGeneration(app, browser.cookie(), "A long answer");
    expect(long.statusCode).toBe(200);
    const longText = readAll(long);
    await received(long, "fn long() {");

    // A second connection, busy with a short stream when the signal comes: the readiness probe is pipelined behind it.
    let releaseShort = () => {};
    stub.enqueue({ kind: "stream", chunks: ["fn short() {", " 2 }"], holdLast: new Promise<void>((resolve) => (releaseShort = resolve)) });
    const { hostname, port } = new URL(app.baseUrl);
    const pipelined = net.connect(Number(port), hostname);
    const pipelinedText = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      pipelined.on("data", (chunk: Buffer) => chunks.push(chunk));
      pipelined.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      pipelined.on("error", reject);
    });
    const shortStarted = new Promise<void>((resolve) => {
      let seen = "";
      const onData = (chunk: Buffer) => {
        seen += chunk.toString("utf8");
        if (seen.includes("fn short() {")) {
          pipelined.off("data", onData);
          resolve();
        }
      };
      pipelined.on("data", onData);
    });
    pipelined.write(generationRequest(app, browser.cookie(), "A short answer"));
    await shortStarted;

    // Answered just before the signal: its audit event must be in the database, whatever happens next.
    await browser.signIn();
    app.signal("SIGTERM");
    // Logged in the same tick as the listening socket is closed.
    await logged(app, "shutdown.started");
    // Asked on the busy connection (an idle one is closed by now): Node answers it in order, after the short stream.
    pipelined.write(`GET /api/health/ready HTTP/1.1\r\nHost: ${new URL(app.baseUrl).host}\r\n\r\n`);

    await connectionRefused(app);
    releaseShort();
    const [shortAnswer, readiness] = (await pipelinedText).split(/(?=HTTP\/1\.1 )/);
    expect(shortAnswer).toMatch(/^HTTP\/1\.1 200 /);
    expect(shortAnswer).toContain("fn short() {");
    expect(shortAnswer).toContain(" 2 }");
    expect(readiness).toMatch(/^HTTP\/1\.1 503 /);
    expect(readiness).toMatch(/\r\nconnection: close\r\n/i);
    expect(readiness).toMatch(/\r\nretry-after: 5\r\n/i);
    expect(readiness).toMatch(/\{"status":"draining"\}$/);
    // The long stream is still open; it finishes as if nothing happened.
    expect(app.isRunning()).toBe(true);
    releaseLong();
    expect(await longText).toBe("fn long() { 1 }");

    expect(await app.exited).toEqual({ code: 0, signal: null });
    const signIns = await withAppDatabase(app, (db) => db.collection("authEvents").countDocuments({ type: "signin.succeeded" }));
    expect(signIns).toBe(2);
    const outcomes = await withAppDatabase(app, (db) => db.collection("generations").find().map((record) => record.outcome as string).toArray());
    expect(outcomes).toEqual(["completed", "completed"]);
    expect(app.output()).toContain(`"name":"database","phase":"close","ok":true,"event":"shutdown.hook"`);
  } finally {
    await app.stop();
  }
}, 180_000);

it("ends a stream still running at SHUTDOWN_TIMEOUT_SECONDS with the shutdown marker, records it as interrupted, and exits 0", async () => {
  const app = await startAppServer({ startScript: true, env: { TOGETHER_API_BASE_URL: stub.baseUrl, SHUTDOWN_TIMEOUT_SECONDS: "1" } });
  try {
    const browser = await signedIn(app);
    // Sends one chunk, then nothing, never ending (the idle timeout, 30 s, is far away).
    stub.enqueue({ kind: "stall", chunks: ["fn stuck() {"] });
    const stuck = await startGeneration(app, browser.cookie(), "An answer that never ends");
    const text = readAll(stuck);
    await received(stuck, "fn stuck() {");
    app.signal("SIGTERM");

    expect(await text).toBe("fn stuck() {\n\n[KeyForge] The server restarted while answering; the answer above is incomplete. Try again.\n");
    expect(await stub.chatRequests().at(-1)!.closed).toBe(true);
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const outcomes = await withAppDatabase(app, (db) => db.collection("generations").find().map((record) => record.outcome as string).toArray());
    expect(outcomes).toEqual(["interrupted"]);
  } finally {
    await app.stop();
  }
}, 180_000);

it("exits at once, non-zero, on a second signal while draining", async () => {
  const app = await startAppServer({ startScript: true, env: { TOGETHER_API_BASE_URL: stub.baseUrl, SHUTDOWN_TIMEOUT_SECONDS: "300" } });
  try {
    const browser = await signedIn(app);
    stub.enqueue({ kind: "stall", chunks: ["fn stuck() {"] });
    const stuck = await startGeneration(app, browser.cookie(), "An answer that never ends");
    const text = readAll(stuck).catch(() => "cut");
    await received(stuck, "fn stuck() {");
    app.signal("SIGTERM");
    await logged(app, "shutdown.started");
    app.signal("SIGINT");

    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain(`"signal":"SIGINT","event":"shutdown.forced"`);
    // Cut without a marker: the process did not wait for it.
    expect(await text).not.toContain("[KeyForge]");
  } finally {
    await app.stop();
  }
}, 180_000);
