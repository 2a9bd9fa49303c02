import { setTimeout as sleep } from "node:timers/promises";
import { withAppDatabase } from "./helpers/accounts";
import { TcpProxy } from "../helpers/tcp-proxy";
import { firstHost } from "../helpers/test-db";
import { AppClient, SESSION_COOKIE, type AppResponse, type ErrorAnswer } from "./helpers/app-client";
import { startAppServer, type AppServer } from "./helpers/app-server";

/**
 * The production server (`next start`) loses its database and gets it back,
 * while it keeps running: it reaches the database through a TCP proxy that the
 * test stops (every connection cut, new ones refused) and starts again.
 * __tests__/pages/api/auth/outage.test.ts and health-outage.test.ts prove the
 * same of single routes inside jest; this is the whole process: its one
 * connection, NextAuth, every DB-backed route at once.
 *
 * The tests run in order: the database goes, then comes back.
 */

const PASSWORD = "violet-Harbor-42-lantern";
/** Every answer during the outage comes within this (the driver gives up after 4 s; generous for CI). */
const OUTAGE_ANSWER_MS = 6_000;
/** Servers run with SESSION_REVALIDATE_SECONDS=1: past this, a request tries to re-read the user and the device. */
const PAST_REVALIDATION_MS = 1_200;
const OUTAGE_EMAIL = "signed-up-during-outage@example.com";

let proxy: TcpProxy | undefined;
let server: AppServer;
/** The signed-in user's two browsers, and what their account looked like before the outage. */
let laptop: AppClient;
let phone: AppClient;
let phoneDevice: string;
let profileBefore: unknown;

beforeAll(async () => {
  server = await startAppServer({
    async databaseHost(serverUri) {
      proxy = new TcpProxy(firstHost(serverUri));
      await proxy.start();
      return `127.0.0.1:${proxy.port}`;
    },
  });
  const signUp = await new AppClient(server.baseUrl).request("POST", "/api/auth/signup", {
    name: "Steady",
    email: "steady@example.com",
    password: PASSWORD,
  });
  expect(signUp.status).toBe(201);
  [laptop, phone] = [new AppClient(server.baseUrl), new AppClient(server.baseUrl)];
  for (const browser of [laptop, phone]) expect((await browser.signIn("steady@example.com", PASSWORD)).error).toBeNull();
  expect(laptop.jar.get(SESSION_COOKIE)).toBeTruthy();
  phoneDevice = (await phone.session()).body.deviceSessionId ?? "";
  expect(phoneDevice).toMatch(/^[0-9a-f]{24}$/);
  profileBefore = await accountDocuments();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await proxy?.stop();
});

interface Outcome {
  /** e.g. "503 DATABASE_UNAVAILABLE", or "refused SIGNIN_UNAVAILABLE" for a sign-in. */
  answer: string;
  ms: number;
}

/** One thing to ask the app during the outage, and the answer due. */
interface Probe {
  expected: string;
  run: () => Promise<Outcome>;
}

const UNAVAILABLE = "503 DATABASE_UNAVAILABLE";
const SIGNED_IN_READS = ["me", "preferences", "api-keys", "sessions", "activity", "notices", "accounts", "generations", "email"];

/** An API answer as "<status> <error code>". */
async function outcomeOf(request: Promise<AppResponse<ErrorAnswer>>): Promise<Outcome> {
  const response = await request;
  return { answer: `${response.status} ${response.body.error?.code ?? "(no error)"}`, ms: response.ms };
}

/** A request of the signed-in laptop that must be refused with 503. */
function unavailableFor(method: string, path: string, body?: unknown): Probe {
  return { expected: UNAVAILABLE, run: () => outcomeOf(laptop.request(method, path, body)) };
}

/** A visitor's request (a browser of its own) that must be refused with 503. */
function unavailableForVisitor(path: string, body: unknown): Probe {
  return { expected: UNAVAILABLE, run: () => outcomeOf(new AppClient(server.baseUrl).request("POST", path, body)) };
}

/** Every DB-backed thing a visitor or the signed-in user can ask for, and the answer due during the outage. */
function outageProbes(): Record<string, Probe> {
  return {
    "GET /api/health": {
      expected: "503 degraded",
      async run() {
        const response = await laptop.get<{ status: string }>("/api/health");
        return { answer: `${response.status} ${response.body.status}`, ms: response.ms };
      },
    },
    ...Object.fromEntries(SIGNED_IN_READS.map((route) => [`GET /api/user/${route}`, unavailableFor("GET", `/api/user/${route}`)])),
    "PATCH /api/user/profile": unavailableFor("PATCH", "/api/user/profile", { name: "Half Written" }),
    "PATCH /api/user/preferences": unavailableFor("PATCH", "/api/user/preferences", { keepGenerationHistory: false }),
    "PATCH /api/user/notices": unavailableFor("PATCH", "/api/user/notices", { newSignIn: false }),
    "POST /api/user/api-keys": unavailableFor("POST", "/api/user/api-keys", { togetherAI: "tgp_v1_DuringTheOutage-0123456789" }),
    "DELETE /api/user/sessions/[phone]": unavailableFor("DELETE", `/api/user/sessions/${phoneDevice}`),
    "POST /api/auth/signup": unavailableForVisitor("/api/auth/signup", { name: "Too Soon", email: OUTAGE_EMAIL, password: PASSWORD }),
    "POST /api/auth/forgot-password": unavailableForVisitor("/api/auth/forgot-password", { email: "steady@example.com" }),
    "sign-in": {
      expected: "refused SIGNIN_UNAVAILABLE",
      async run() {
        const { error, ms } = await new AppClient(server.baseUrl).signIn("steady@example.com", PASSWORD);
        return { answer: `refused ${error}`, ms };
      },
    },
  };
}

/** Sends every probe at once, as a busy server would get them: none may wait on another, or hang. */
async function probeEverything(): Promise<{ answers: Record<string, string>; expected: Record<string, string>; slow: string[] }> {
  const probes = Object.entries(outageProbes());
  const outcomes = await Promise.all(probes.map(async ([name, probe]) => ({ name, ...(await probe.run()) })));
  return {
    answers: Object.fromEntries(outcomes.map(({ name, answer }) => [name, answer])),
    expected: Object.fromEntries(probes.map(([name, probe]) => [name, probe.expected])),
    slow: outcomes.filter(({ ms }) => ms >= OUTAGE_ANSWER_MS).map(({ name, ms }) => `${name}: ${Math.round(ms)} ms`),
  };
}

/** Every probe gets its due answer (503s, a refused sign-in) within OUTAGE_ANSWER_MS, and the server is still up. */
async function expectEveryAnswerDueAndQuick(): Promise<void> {
  const { answers, expected, slow } = await probeEverything();
  expect(answers).toEqual(expected);
  expect(slow).toEqual([]);
  expect(server.isRunning()).toBe(true);
}

test("when the database goes, /api/health and every DB-backed route answer 503 within seconds, and the process stays up", async () => {
  // A fresh session check first, so the requests below come within the revalidation interval.
  await sleep(PAST_REVALIDATION_MS);
  expect((await laptop.session()).body.user?.email).toBe("steady@example.com");
  await proxy?.stop();

  await expectEveryAnswerDueAndQuick();
}, 60_000);

test("later in the outage, past the revalidation interval, every route still answers 503 within seconds", async () => {
  await proxy?.stop(); // already stopped, unless the previous test failed early
  await sleep(PAST_REVALIDATION_MS);

  await expectEveryAnswerDueAndQuick();
}, 60_000);

test("signed-in pages still render during the outage, their sections left to load in the browser, never the 500 page", async () => {
  await proxy?.stop(); // already stopped, unless an earlier test failed early
  const pages = ["/", "/settings/profile", "/settings/account", "/settings/security", "/generate"];
  const statuses = await Promise.all(pages.map(async (page) => [page, (await laptop.get(page)).status] as const));
  // How long they take is the API routes' story above (the same session check comes first).
  expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(pages.map((page) => [page, 200])));
}, 60_000);

test("the signed-in user stays signed in through the outage, past the revalidation interval", async () => {
  await proxy?.stop(); // already stopped, unless the previous test failed early
  for (let check = 0; check < 2; check++) {
    await sleep(PAST_REVALIDATION_MS);
    const session = await laptop.session();
    expect(session.status).toBe(200);
    expect(session.body.user?.email).toBe("steady@example.com");
    expect(session.ms).toBeLessThan(OUTAGE_ANSWER_MS);
    expect(laptop.jar.get(SESSION_COOKIE)).toBeTruthy();
  }
  expect(server.isRunning()).toBe(true);
}, 60_000);

test("once the database is back, the same process recovers without a restart, and the outage left nothing half-written", async () => {
  await proxy?.start();
  const health = await eventually(() => laptop.get("/api/health"), (response) => response.status === 200);
  expect(health.status).toBe(200);
  expect(server.isRunning()).toBe(true);

  for (const route of SIGNED_IN_READS) {
    expect(`${route}: ${(await laptop.get(`/api/user/${route}`)).status}`).toBe(`${route}: 200`);
  }
  // Nothing the refused requests asked for happened: no account, no change, the phone still signed in.
  expect(await accountDocuments()).toEqual(profileBefore);
  expect(await countUsers(OUTAGE_EMAIL)).toBe(0);
  expect((await phone.get("/api/user/me")).status).toBe(200);

  const signUp = await new AppClient(server.baseUrl).request("POST", "/api/auth/signup", {
    name: "After",
    email: OUTAGE_EMAIL,
    password: PASSWORD,
  });
  expect(signUp.status).toBe(201);
  expect((await new AppClient(server.baseUrl).signIn(OUTAGE_EMAIL, PASSWORD)).error).toBeNull();
  expect((await laptop.request("PATCH", "/api/user/profile", { name: "Steady Again" })).status).toBe(200);
}, 60_000);

/** Retries `request` until `done` holds, bounded (20 × 500 ms): the driver may take a moment to reconnect. */
async function eventually<Result>(request: () => Promise<Result>, done: (result: Result) => boolean): Promise<Result> {
  let result = await request();
  for (let attempt = 0; !done(result) && attempt < 20; attempt++) {
    await sleep(500);
    result = await request();
  }
  return result;
}

/** The signed-in user's account and device sessions as stored, minus what every request touches (last-seen times). */
function accountDocuments() {
  return withAppDatabase(server, async (db) => {
    const user = await db.collection("users").findOne({ email: "steady@example.com" }, { projection: { updatedAt: 0 } });
    const devices = await db.collection("sessions").find({ userId: user?._id }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray();
    return { user, devices };
  });
}

function countUsers(email: string): Promise<number> {
  return withAppDatabase(server, (db) => db.collection("users").countDocuments({ email }));
}
