import { CookieJar } from "../helpers/http";
import { startAppServer, type AppServer, type EventLoopReport } from "./helpers/app-server";

/**
 * A burst of real sign-ins against the production server, measuring the
 * server's own event loop (monitorEventLoopDelay, preloaded into it). Each
 * sign-in costs ~75 ms of bcrypt, which runs on the worker threads; on the
 * loop, 8 of them would stall every other request for ~600 ms.
 *
 * What the loop still does in a burst (16 HTTP requests, ~70 database round
 * trips) keeps 99% of its turns under 20 ms. The single worst turn is another
 * matter on this 2-core machine, shared with FerretDB and the client: measured
 * 11-25 ms, mostly a young-generation collection stretched by CPU sharing. So
 * the worst is held under 50 ms (less than one bcrypt compare on the loop).
 * The strict 20 ms worst case, where the stall is bcrypt's alone, is measured
 * by `npm run bench` (figure i); __tests__/lib/passwords/event-loop.test.ts
 * proves the work leaves the loop.
 */

/** Most of the loop's turns (its 99th percentile) stay under this during the burst. */
const P99_STALL_MS = 20;
/** No turn may come near one cost-10 bcrypt compare on the loop (~75 ms; bench figure i measures one). */
const MAX_STALL_MS = 50;
const BURST = 8;

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ monitorEventLoop: true });
});

afterAll(() => server?.stop());

async function signUp(email: string, password: string): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.baseUrl },
    body: JSON.stringify({ name: "Burst", email, password }),
  });
  expect(response.status).toBe(201);
}

/** NextAuth's browser flow over HTTP: CSRF token, then the credentials callback. */
async function signIn(email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
  jar.store(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
    redirect: "manual",
  });
  jar.store(response);
  expect(response.status).toBe(200);
  return jar;
}

async function sessionEmail(jar: CookieJar): Promise<string | undefined> {
  const response = await fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie: jar.header() } });
  return ((await response.json()) as { user?: { email?: string } }).user?.email;
}

/** One burst of concurrent sign-ins, and what the server's loop did meanwhile. */
async function measuredBurst(emails: string[], password: string): Promise<EventLoopReport> {
  await server.eventLoopDelay(); // start measuring
  const jars = await Promise.all(emails.map((email) => signIn(email, password)));
  const report = await server.eventLoopDelay();
  expect(await Promise.all(jars.map(sessionEmail))).toEqual(emails);
  expect(report.samples).toBeGreaterThan(50);
  return report;
}

const withinBounds = (report: EventLoopReport) => report.p99Ms < P99_STALL_MS && report.maxMs < MAX_STALL_MS;

/**
 * Up to three bursts: bcrypt back on the loop would stall every one of them by
 * 75 ms or more, whereas a hiccup from outside (another process taking both
 * cores) spoils about one burst in ten on this machine. Every report is shown
 * when none is within the bounds.
 */
test(`a burst of ${BURST} sign-ins keeps the server's event loop responsive`, async () => {
  const password = "Burst-of-Sign-ins-2026";
  const emails = Array.from({ length: BURST }, (_, i) => `burst${i}@example.com`);
  for (const email of emails) await signUp(email, password);
  await signIn(emails[0]!, password); // warm-up: first-use compilation is not the steady state

  const reports: EventLoopReport[] = [];
  while (reports.length < 3 && !reports.some(withinBounds)) reports.push(await measuredBurst(emails, password));
  const summary = reports.map((r) => `worst ${r.maxMs.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, GC ${r.gcPausesMs.map((ms) => ms.toFixed(1)).join("/") || "none"}`);
  expect({ withinBounds: reports.some(withinBounds), bursts: summary }).toMatchObject({ withinBounds: true });
});
