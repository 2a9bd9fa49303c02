/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60", "DB_REQUEST_TIMEOUT_MS": "300"}} */
import os from "node:os";
import path from "node:path";
import { disconnectFromDatabase } from "@/lib/core/db";
import * as preferencesRoute from "@/pages/api/user/preferences";
import { cachedFerretDBBinary, pinnedFerretDBVersion } from "../../../scripts/lib/ferretdb-build";
import { startFerretDB } from "../../../scripts/lib/ferretdb-server";
import { ObjectId } from "mongodb";
import { CookieJar, getSession, nextAuth, pastRevalidation, SESSION_COOKIE, signIn, signedInUser } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { rawCollection } from "../../helpers/users";

/**
 * A hung database: a FerretDB of this test's own, paused with SIGSTOP, so its
 * connections stay open and nothing answers (no refused connection, no
 * reset). Every call is bounded by DB_REQUEST_TIMEOUT_MS (lib/core/db.ts), so
 * requests answer 503 with Retry-After instead of waiting; once the server
 * resumes, the next requests succeed.
 */

const root = path.resolve(__dirname, "../../..");
let server: Awaited<ReturnType<typeof startFerretDB>>;
let paused = false;

function signal(name: "SIGSTOP" | "SIGCONT"): void {
  if (server.pid === undefined) throw new Error("FerretDB has no process id");
  process.kill(server.pid, name);
  paused = name === "SIGSTOP";
}

beforeAll(async () => {
  const binary = cachedFerretDBBinary(pinnedFerretDBVersion(root));
  if (!binary) throw new Error("The FerretDB binary is not built (tools/ferretdb/build.sh)");
  const dataDir = path.join(os.tmpdir(), `keyforge-hung-db-${process.pid}`);
  server = await startFerretDB(binary, dataDir, true);
  process.env.MONGODB_URI = `mongodb://127.0.0.1:${server.port}/hung_database`;
}, 60_000);

afterAll(async () => {
  if (server && paused) signal("SIGCONT");
  await disconnectFromDatabase();
  await server?.stop();
});

/** Retries `probe` until it holds (the test's timeout bounds it): the driver notices the server's return within a heartbeat. */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 250));
  return true;
}

it("keeps a session inside its revalidation interval, answers a read 503 with Retry-After while the database hangs, and 200 once it resumes", async () => {
  const { user, jar } = await signedInUser();

  signal("SIGSTOP");
  // Inside the revalidation interval the cookie is enough: no database call.
  expect((await getSession(jar))?.user.id).toBe(user.id);
  await pastRevalidation(jar);
  const hung = await callRoute<{ error?: { code: string } }>(preferencesRoute, { jar });
  expect(hung.status).toBe(503);
  expect(hung.body.error?.code).toBe("DATABASE_UNAVAILABLE");
  expect(hung.headers.get("retry-after")).toBeTruthy();
  // The revalidation failed with the database: the session stays, the cookie is kept.
  expect(jar.get(SESSION_COOKIE)).toBeTruthy();

  signal("SIGCONT");
  expect(await eventually(async () => (await callRoute(preferencesRoute, { jar })).status === 200)).toBe(true);
}, 30_000);

it("answers a sign-in through NextAuth with SIGNIN_UNAVAILABLE while the database hangs, and signs in once it resumes", async () => {
  const { user } = await signedInUser();

  signal("SIGSTOP");
  const refused = await signIn(new CookieJar(), { email: user.email, password: user.password });
  expect(refused.error).toBe("SIGNIN_UNAVAILABLE");
  expect(decodeURIComponent(refused.url)).not.toMatch(/Mongo|timed out|timeout|127\.0\.0\.1/i);

  signal("SIGCONT");
  expect(await eventually(async () => (await signIn(new CookieJar(), { email: user.email, password: user.password })).error === null)).toBe(true);
}, 30_000);

it("signs out through a database pause shorter than the retry budget: the device session ends and the sign-out is in the audit trail", async () => {
  const { user, jar } = await signedInUser();
  const session = await getSession(jar);
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };

  signal("SIGSTOP");
  // Resumed while the sign-out waits: each call times out (300 ms) and is tried again.
  const resume = setTimeout(() => signal("SIGCONT"), 1_000);
  const signedOut = await nextAuth("signout", { method: "POST", jar, form: { csrfToken, json: "true" } });
  clearTimeout(resume);
  if (paused) signal("SIGCONT");
  expect(signedOut.status).toBe(200);

  expect(await (await rawCollection("sessions")).findOne({ _id: new ObjectId(session!.deviceSessionId) })).toBeNull();
  const events = await (await rawCollection("authEvents")).find({ userId: new ObjectId(user.id), type: "signout" }).toArray();
  expect(events).toHaveLength(1);
}, 30_000);
