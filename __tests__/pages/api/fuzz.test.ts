/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { METHODS } from "node:http";
import path from "node:path";
import fc from "fast-check";
import { forUser } from "@/lib/access";
import { getDb } from "@/lib/core/db";
import { emailWorkSettled } from "@/lib/email-flows";
import { updateApiKeys } from "@/lib/users";
import { CookieJar, SESSION_COOKIE, jarForUser, nextAuth } from "../../helpers/auth";
import { findLeak, routeFiles, send, snapshotDatabase, snapshotDiff, tamper, type RouteModule } from "../../helpers/fuzz";
import { fuzzCase, type KnownValues } from "../../helpers/fuzz-arbitraries";
import { startTogetherStub, type TogetherStub } from "../../helpers/together-stub";
import { GOOD_PASSWORD, createTestUser } from "../../helpers/users";

/**
 * Property-based fuzzing of every route under pages/api: hostile bodies,
 * headers, cookies, query strings and methods, signed in and signed out. For
 * every response: no 5xx, a status the route documents, no stack trace, hash,
 * session token or stored API key in it, and no database change when the
 * request was refused. A failure prints its seed and path: replay it with
 * FUZZ_SEED=<seed> FUZZ_PATH=<path> npx jest __tests__/pages/api/fuzz.test.ts -t '<route>'.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
/** FUZZ_RUNS_SCALE=10 for a longer hunt (the default keeps the file well under a minute). */
const RUNS_SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
/** Sign-ins that may reach bcrypt (about 60 ms each at cost 10), per scale unit. */
const MAX_PASSWORD_CHECKS = 40;

/**
 * The spec table: per route file (relative to pages/api), method → the
 * statuses it documents, and the body fields worth aiming at. Any other method
 * must get 405; a route that keeps Next's body parser may also get its 400
 * (broken JSON, unknown charset) and 413 (over 1 MB). Adding a route is one
 * line here: the first test fails for a route file without one.
 */
interface RouteSpec {
  methods: Record<string, number[]>;
  fields?: string[];
  /** Cases to run (default 40; FUZZ_RUNS_SCALE multiplies). */
  runs?: number;
  /** The dynamic segment's name, for a route file like `[provider].ts` (default `id`). */
  param?: string;
}

const FUZZED_PER_ACTION = "nextAuthActions below";

const routes: Record<string, RouteSpec | typeof FUZZED_PER_ACTION> = {
  "health.ts": { methods: { GET: [200] } },
  // A form post (no JavaScript) answers with redirects: 303 back to the form or to sign-in, 307 on to NextAuth.
  "auth/signup.ts": {
    methods: { POST: [201, 303, 307, 400, 403, 409, 413, 415, 429] },
    fields: ["name", "email", "password", "csrfToken", "callbackUrl"],
    runs: 120,
  },
  "auth/[...nextauth].ts": FUZZED_PER_ACTION,
  "auth/session.ts": { methods: { GET: [200], POST: [200, 400] }, fields: ["csrfToken", "data"] },
  "user/me.ts": { methods: { GET: [200, 401, 404] } },
  "user/session.ts": { methods: { GET: [200, 401] } },
  "user/api-keys/index.ts": {
    methods: { GET: [200, 401, 404], POST: [200, 400, 401, 403, 404, 413, 415] },
    fields: ["togetherAI", "codeRabbit", "oumi", "kestra"],
    runs: 120,
  },
  "user/api-keys/check.ts": { methods: { POST: [200, 400, 401, 403, 413, 415, 429] }, fields: ["provider"], runs: 60 },
  // The stub Together server answers every generation that gets through (the limit's 429 included).
  // 404: a conversationId that is not the caller's; 409: an action the conversation cannot take.
  "generate.ts": { methods: { POST: [200, 400, 401, 403, 404, 409, 413, 415, 429] }, fields: ["prompt", "language", "model", "conversationId", "action", "temperature", "maxTokens", "systemPrompt"], runs: 80 },
  "user/generations/index.ts": { methods: { GET: [200, 400, 401], DELETE: [200, 401, 403] }, runs: 40 },
  "user/generations/[id].ts": { methods: { GET: [200, 400, 401, 404], DELETE: [204, 400, 401, 403, 404] }, runs: 60 },
  "user/conversations/index.ts": { methods: { GET: [200, 400, 401] }, runs: 40 },
  "user/conversations/[id].ts": { methods: { GET: [200, 400, 401, 404], PATCH: [204, 400, 401, 403, 404, 413, 415], DELETE: [204, 400, 401, 403, 404] }, fields: ["title"], runs: 60 },
  "user/preferences.ts": { methods: { GET: [200, 401, 404], PATCH: [200, 400, 401, 403, 404, 413, 415] }, fields: ["keepGenerationHistory", "generation"], runs: 60 },
  "user/profile.ts": { methods: { PATCH: [200, 400, 401, 403, 404, 413, 415] }, fields: ["name", "image"], runs: 100 },
  // The body is an image's bytes: anything the fuzzer sends is refused (400 undecodable, 415 not an image type).
  "user/avatar.ts": { methods: { POST: [200, 400, 401, 403, 404, 413, 415, 429], DELETE: [204, 401, 403, 404] }, runs: 60 },
  "avatars/[id].ts": { methods: { GET: [200, 304, 400, 404] }, runs: 40 },
  "user/password.ts": { methods: { POST: [204, 400, 401, 403, 404, 413, 415, 429] }, fields: ["currentPassword", "newPassword"], runs: 80 },
  // The fuzzed account is never deleted: no known value for confirmEmail is its address (KNOWN below).
  "user/index.ts": { methods: { DELETE: [204, 400, 401, 403, 404, 409, 413, 415, 429] }, fields: ["confirmEmail", "currentPassword"], runs: 60 },
  "user/reauth.ts": { methods: { POST: [204, 400, 401, 403, 404, 413, 415, 429] }, fields: ["password", "code", "passkey"], runs: 60 },
  // Passkeys: the fuzzer has no authenticator, so every answer it sends is refused (400), and options are issued.
  "user/passkeys/index.ts": { methods: { GET: [200, 401], POST: [400, 401, 403, 404, 409, 413, 415] }, fields: ["response", "name"], runs: 60 },
  "user/passkeys/[id].ts": { methods: { PATCH: [200, 400, 401, 403, 404, 413, 415], DELETE: [204, 400, 401, 403, 404, 409] }, fields: ["name"], runs: 60 },
  "user/passkeys/options.ts": { methods: { POST: [200, 401, 403, 404, 409] }, runs: 30 },
  "user/passkeys/reauth-options.ts": { methods: { POST: [200, 401, 403, 404] }, runs: 30 },
  "auth/passkey/options.ts": { methods: { POST: [200, 403, 429] }, runs: 30 },
  "user/activity.ts": { methods: { GET: [200, 401] }, runs: 20 },
  // Tokens and estimated cost: the report (?days=1…90) and one generation's numbers.
  "user/usage/index.ts": { methods: { GET: [200, 400, 401] }, runs: 30 },
  "user/usage/[id].ts": { methods: { GET: [200, 400, 401, 404] }, runs: 40 },
  // A file (200) after a recent sign-in (403 REAUTH_REQUIRED), a few an hour (429).
  "user/export.ts": { methods: { GET: [200, 401, 403, 429] }, runs: 30 },
  "user/sessions/index.ts": { methods: { GET: [200, 401], DELETE: [200, 401, 403] }, runs: 60 },
  "user/sessions/[id].ts": { methods: { DELETE: [204, 400, 401, 403, 404] }, runs: 80 },
  "user/accounts/index.ts": { methods: { GET: [200, 401, 404] }, runs: 20 },
  "user/accounts/[provider].ts": { methods: { DELETE: [204, 400, 401, 403, 404, 409] }, runs: 60, param: "provider" },
  // Two-step verification: setting it up needs a recent sign-in (the fuzzing browser's is), turning it off a code or the password.
  "user/two-factor/index.ts": { methods: { GET: [200, 401] }, runs: 20 },
  "user/two-factor/totp/index.ts": {
    methods: { POST: [200, 401, 403, 404, 409], DELETE: [204, 400, 401, 403, 404, 409, 413, 415, 429] },
    fields: ["code", "currentPassword"],
    runs: 60,
  },
  "user/two-factor/totp/confirm.ts": { methods: { POST: [200, 400, 401, 403, 404, 409, 413, 415, 429] }, fields: ["code"], runs: 60 },
  "user/two-factor/recovery-codes.ts": { methods: { POST: [200, 401, 403, 409] }, runs: 30 },
  // The email flows: mails go to this file's developer mailbox (MAILBOX_DIR, see helpers/setup-env.ts).
  "auth/forgot-password.ts": { methods: { POST: [200, 400, 403, 413, 415, 429] }, fields: ["email"], runs: 40 },
  "auth/resend-verification.ts": { methods: { POST: [200, 400, 403, 413, 415, 429] }, fields: ["email"], runs: 30 },
  "auth/reset-password.ts": { methods: { POST: [200, 400, 403, 413, 415] }, fields: ["token", "password"], runs: 40 },
  "auth/verify-email.ts": { methods: { POST: [200, 400, 403, 413, 415, 429] }, fields: ["token", "password"], runs: 30 },
  "auth/confirm-email.ts": { methods: { POST: [200, 400, 403, 409, 413, 415] }, fields: ["token"], runs: 20 },
  "auth/revert-email-change.ts": { methods: { POST: [200, 400, 403, 409, 413, 415] }, fields: ["token"], runs: 20 },
  "user/email/index.ts": {
    methods: { GET: [200, 401, 404], POST: [202, 400, 401, 403, 404, 409, 413, 415, 429], DELETE: [204, 401, 403] },
    fields: ["newEmail", "currentPassword"],
    runs: 60,
  },
  "user/email/verification.ts": { methods: { POST: [200, 401, 403, 404, 409, 429] }, runs: 30 },
  "user/email/verify-code.ts": { methods: { POST: [200, 400, 401, 403, 404, 409, 413, 415, 429] }, fields: ["code"], runs: 40 },
  "user/notices.ts": { methods: { GET: [200, 401, 404], PATCH: [200, 400, 401, 403, 404, 413, 415] }, fields: ["newSignIn", "apiKeyAdded"], runs: 40 },
  // The fuzzing browser is an ordinary user: the admin API must refuse it (403), whatever it sends.
  "admin/users/index.ts": { methods: { GET: [401, 403] }, runs: 30 },
  "admin/users/[id]/index.ts": { methods: { GET: [401, 403], PATCH: [401, 403], DELETE: [401, 403] }, fields: ["role", "disabled", "reason"], runs: 60 },
  "admin/users/[id]/revoke-sessions.ts": { methods: { POST: [401, 403] }, runs: 30 },
  "admin/users/[id]/impersonate.ts": { methods: { POST: [401, 403] }, runs: 30 },
  "admin/users/[id]/reset-two-factor.ts": { methods: { POST: [401, 403] }, fields: ["reason"], runs: 30 },
  "admin/models.ts": { methods: { GET: [401, 403], PUT: [401, 403] }, fields: ["models", "defaultModel"], runs: 30 },
  "admin/mail/[id]/retry.ts": { methods: { POST: [401, 403] }, runs: 30 },
  "models.ts": { methods: { GET: [200, 401] }, runs: 20 },
  // Not viewing as anyone: 409; from another site: 403.
  "impersonation.ts": { methods: { DELETE: [401, 403, 409] }, runs: 30 },
};

/**
 * NextAuth's catch-all, per action, as NextAuth answers: a method an action
 * does not have gets 400 (text "This action with HTTP GET is not supported"),
 * as does an unknown action; a GET of a Credentials callback gets our 405
 * (lib/auth/nextauth-guard.ts). POSTs redirect (302) to the sign-in or error
 * page on a missing or wrong CSRF token or a refused sign-in, or answer
 * `{ url }` JSON when the form says json=true (401 for a refused sign-in).
 * GET signout renders NextAuth's page (200 HTML); GET signin redirects to ours.
 */
const nextAuthActions: Record<string, RouteSpec> = {
  session: { methods: { GET: [200], POST: [200, 400] }, fields: ["csrfToken", "data"] },
  csrf: { methods: { GET: [200] }, runs: 20 },
  providers: { methods: { GET: [200] }, runs: 20 },
  "signin/credentials": { methods: { GET: [302], POST: [200, 302] }, fields: ["csrfToken", "callbackUrl", "json"] },
  "callback/credentials": { methods: { POST: [200, 302, 401] }, fields: ["email", "password", "csrfToken", "callbackUrl", "json"], runs: 120 },
  // The second step: without a pending sign-in's ticket every answer is a refusal that writes nothing.
  "callback/two-factor": { methods: { POST: [200, 302, 401] }, fields: ["code", "recoveryCode", "csrfToken", "callbackUrl", "json"], runs: 60 },
  "callback/passkey": { methods: { POST: [200, 302, 401] }, fields: ["response", "csrfToken", "callbackUrl", "json"], runs: 60 },
  // A sign-in link: asking always redirects (check your email, a limit, a bad address); the callback signs in only on a same-origin POST with a live token.
  "signin/email": { methods: { GET: [302], POST: [200, 302] }, fields: ["email", "csrfToken", "callbackUrl", "json"], runs: 60 },
  "callback/email": { methods: { GET: [303], HEAD: [303], POST: [302, 403] }, fields: ["token", "email", "callbackUrl"], runs: 60 },
  signout: { methods: { GET: [200], POST: [200, 302] }, fields: ["csrfToken", "callbackUrl", "json"] },
  _log: { methods: { POST: [204] }, fields: ["level", "code", "message"] },
  "no-such-action": { methods: {}, runs: 20 },
};

/** What NextAuth answers a method an action does not have (our guard: 405). */
const NEXTAUTH_OTHER_METHODS = [400, 405];

const API_DIR = path.resolve(__dirname, "../../../pages/api");

const PLAIN_KEYS = {
  togetherAI: "tgp_v1_FUZZsecretTOGETHER0123456789abcd",
  codeRabbit: "cr-FUZZsecretCODERABBIT0123456789",
  oumi: "oumi-FUZZsecretOUMI0123456789",
  kestra: "kestra-FUZZsecretKESTRA0123456789",
};

const FUZZ_EMAIL = "fuzz@example.com";
const WRONG_PASSWORD = "wrong-Password-123";
/** Good values per field, mixed into the hostile ones so some cases pass validation and reach the database and bcrypt. */
const KNOWN: KnownValues = {
  email: [FUZZ_EMAIL, "new-fuzz@example.com"],
  password: [GOOD_PASSWORD, WRONG_PASSWORD],
  name: ["Fuzz Renamed"],
  image: ["https://example.com/a.png"],
  currentPassword: [GOOD_PASSWORD, WRONG_PASSWORD],
  newPassword: ["amber-Falcon-77-meadow-9"],
  togetherAI: ["key-0123456789abcdefghij"],
  codeRabbit: ["key-0123456789abcdefghij"],
  oumi: ["key-0123456789abcdefghij"],
  kestra: ["key-0123456789abcdefghij"],
  prompt: ["Write hello world in Go"],
  language: ["go"],
  provider: ["togetherAI"],
  json: ["true"],
  callbackUrl: ["/settings", "http://localhost:3000/"],
  newEmail: ["new-fuzz@example.com", FUZZ_EMAIL],
  // Shaped like an emailed link's secret, but no link's.
  token: ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  role: ["admin", "user"],
  disabled: ["true", "false"],
  reason: ["Spam"],
  confirmEmail: ["DELETE", "someone-else@example.com"],
  code: ["123456", "000 000"],
};

let userId = "";
let userObjectId: unknown;
let victimSessionId = "";
let jar: CookieJar | null = null;
let csrf = { token: "", cookie: "" };

let stub: TogetherStub;

beforeAll(async () => {
  // Generation and key checks reach a local stand-in for Together AI, never the internet.
  stub = await startTogetherStub();
  stub.acceptKeys(PLAIN_KEYS.togetherAI);
  process.env.TOGETHER_API_BASE_URL = stub.baseUrl;
  const user = await createTestUser({ name: "Fuzz", email: FUZZ_EMAIL });
  userId = user.id;
  userObjectId = user._id;
  await updateApiKeys(forUser({ id: userId, role: "user" }), PLAIN_KEYS, { context: { ip: "127.0.0.1", userAgent: "fuzz setup" } });
  const victim = await createTestUser({ name: "Victim" });
  await jarForUser(victim.id);
  const sessions = (await getDb()).collection("sessions");
  victimSessionId = String((await sessions.findOne({ userId: victim._id }))?._id);
  const csrfJar = new CookieJar();
  csrf = { token: ((await nextAuth("csrf", { jar: csrfJar })).body as { csrfToken: string }).csrfToken, cookie: csrfJar.header() };
});

/** The signed-in browser, minted again after a request that may have signed it out. */
async function signedInJar(): Promise<CookieJar> {
  jar ??= await jarForUser(userId);
  return jar;
}

async function ownSessionId(): Promise<string> {
  const sessions = (await getDb()).collection("sessions");
  const latest = await sessions.find({ userId: userObjectId }).sort({ _id: -1 }).limit(1).next();
  return String(latest?._id);
}

const request = (spec: RouteSpec) => fuzzCase(Object.keys(spec.methods), spec.fields ?? [], KNOWN);
type Case = ReturnType<typeof request> extends fc.Arbitrary<infer C> ? C : never;

async function resolveId(choice: string | string[]): Promise<string | string[]> {
  if (Array.isArray(choice)) return Promise.all(choice.map(async (one) => String(await resolveId(one))));
  if (choice === "own") return ownSessionId();
  return choice === "victim" ? victimSessionId : choice;
}

/** One fuzz case against `route`; throws with a readable reason when a property is broken. */
async function runCase(label: string, route: RouteModule, spec: RouteSpec, input: Case, nextauthAction?: string): Promise<void> {
  const headers: Record<string, string> = { ...input.headers };
  if (input.contentType) headers["content-type"] = input.contentType;
  const requestJar = input.session === "none" ? undefined : (await signedInJar()).clone();
  // One character of the sealed token changed: NextAuth must treat it as signed out.
  if (input.session === "tampered") requestJar?.set(SESSION_COOKIE, tamper(requestJar.get(SESSION_COOKIE) ?? ""));
  let bodyBytes = input.body;
  if (nextauthAction && input.withCsrf) {
    // A form with a valid CSRF cookie + token pair, so cases get past NextAuth's check and reach authorize.
    headers.cookie = [csrf.cookie, headers.cookie].filter(Boolean).join("; ");
    const form = new URLSearchParams(input.form);
    form.set("csrfToken", csrf.token);
    bodyBytes = new TextEncoder().encode(form.toString());
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  // fetch cannot send a body with GET or HEAD.
  if (input.method === "GET" || input.method === "HEAD") bodyBytes = undefined;
  const params: Record<string, string | string[]> = nextauthAction
    ? { nextauth: nextauthAction.split("/") }
    : { [spec.param ?? "id"]: await resolveId(input.id) };

  const before = await snapshotDatabase();
  const response = await send(route, {
    method: input.method,
    headers,
    body: bodyBytes,
    chunkBytes: input.chunkBytes,
    query: input.query,
    params,
    jar: requestJar,
  });
  // What an accepted request does after answering (a reset link, a notice) counts as this case's writes.
  await emailWorkSettled();
  const after = await snapshotDatabase();
  const seenKey = `${label} ${input.method} → ${response.status}`;
  seen.set(seenKey, (seen.get(seenKey) ?? 0) + 1);

  // Node's HTTP parser answers 400 to a method it does not know, before any route runs.
  const nodeRejects = !METHODS.includes(input.method);
  const own = Object.hasOwn(spec.methods, input.method) ? spec.methods[input.method] : undefined;
  const allowed = nodeRejects ? [400] : [...(own ?? (nextauthAction ? NEXTAUTH_OTHER_METHODS : [405]))];
  if (route.config?.api?.bodyParser !== false) allowed.push(400, 413);
  const where = `${input.method} → ${response.status}: ${response.text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`a ${response.status}: ${where}`);
  if (!allowed.includes(response.status)) throw new Error(`undocumented status (allowed ${allowed.join("/")}): ${where}`);

  const sessionToken = requestJar?.get(SESSION_COOKIE);
  const leak = findLeak(response, [...Object.values(PLAIN_KEYS), ...(sessionToken ? [sessionToken] : [])]);
  if (leak) throw new Error(`the response leaks ${leak}: ${where}`);

  // Only an accepted request may write: a 2xx of our routes, NextAuth's sign-out, a sign-in that set a session cookie.
  const signedInByThis = response.headers.getSetCookie().some((line) => new RegExp(`^${SESSION_COOKIE}=[^;]+`).test(line));
  const mayWrite = nextauthAction
    ? nextauthAction === "signout" || (nextauthAction === "callback/credentials" && signedInByThis) || linkAsked(nextauthAction, response)
    : response.status < 400;
  if (!mayWrite && before !== after) throw new Error(`a refused request changed the database: ${where}\n${snapshotDiff(before, after)}`);
  // A write may have signed this browser out or rotated its session: mint a fresh one for the next case.
  if (mayWrite && input.method !== "GET") jar = null;
}

/**
 * A request for a sign-in link that got past NextAuth's checks: its token
 * (when a link is sent) and the mail limits' attempts are written, whatever
 * the address (the answer is the same), and a limit's refusal counts too.
 */
function linkAsked(action: string, response: { headers: Headers; text: string }): boolean {
  const answer = response.headers.get("location") ?? response.text;
  return action === "signin/email" && /verify-request|error=RATE_LIMITED/.test(answer);
}

/** What each route answered, printed with FUZZ_REPORT=1 (how the table above was checked). */
const seen = new Map<string, number>();
afterAll(async () => {
  await stub.close();
  if (process.env.FUZZ_REPORT) console.log([...seen].sort().map(([key, count]) => `${key} ×${count}`).join("\n"));
});

function fuzz(label: string, route: RouteModule, spec: RouteSpec, nextauthAction?: string) {
  return fc.assert(
    fc.asyncProperty(request(spec), (input) => runCase(label, route, spec, input, nextauthAction)),
    { seed: SEED, path: process.env.FUZZ_PATH, numRuns: Math.ceil((spec.runs ?? 40) * RUNS_SCALE), endOnFailure: true },
  );
}

describe("fuzzing every API route", () => {
  it("has a spec for every route file, and a file for every spec", () => {
    expect(routeFiles(API_DIR).sort()).toEqual(Object.keys(routes).sort());
  });

  const ownRoutes = Object.entries(routes).flatMap(([file, spec]) => (typeof spec === "string" ? [] : [[file, spec] as const]));
  it.each(ownRoutes)("%s", async (file, spec) => {
    const route: RouteModule = await import(path.join(API_DIR, file));
    await fuzz(file, route, spec);
  });

  it.each(Object.entries(nextAuthActions))("auth/[...nextauth].ts: %s", async (action, spec) => {
    const route: RouteModule = await import(path.join(API_DIR, "auth/[...nextauth].ts"));
    await fuzz(action, route, spec, action);
    if (action === "callback/credentials") {
      // Each sign-in that passes the input check records one attempt per IP, then runs one bcrypt compare.
      const reached = await (await getDb()).collection("rateLimits").countDocuments({ key: /^signin:ip:/ });
      seen.set("callback/credentials: sign-ins that reached bcrypt", reached);
      expect(reached).toBeGreaterThan(0);
      expect(reached).toBeLessThanOrEqual(MAX_PASSWORD_CHECKS * RUNS_SCALE);
    }
  });
});
