/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60", "ADMIN_ACTIONS_PER_MINUTE": "3"}} */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ObjectId } from "mongodb";
import * as mailRetryRoute from "@/pages/api/admin/mail/[id]/retry";
import * as modelsRoute from "@/pages/api/admin/models";
import * as userRoute from "@/pages/api/admin/users/[id]";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as resetTwoFactorRoute from "@/pages/api/admin/users/[id]/reset-two-factor";
import * as revokeRoute from "@/pages/api/admin/users/[id]/revoke-sessions";
import { flushAuthEvents } from "@/lib/audit";
import { APP_ORIGIN, CookieJar, getSession, pastRevalidation, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { rawCollection, usersCollection } from "../../../helpers/users";

/**
 * ADMIN_ACTIONS_PER_MINUTE (3 here) per admin, on every admin route that
 * changes something: the next is 429 RATE_LIMITED with Retry-After and
 * changes nothing; reads are not counted; another admin has their own budget;
 * the budget comes back after the minute.
 */

const ORIGIN = { origin: APP_ORIGIN };
type Answer = { error?: { code: string; message: string } };

const T0 = Date.parse("2026-12-07T06:00:00Z");

beforeEach(async () => {
  jest.useFakeTimers({ now: T0, doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });
  await flushAuthEvents();
  for (const name of ["users", "sessions", "authEvents", "rateLimits"]) await (await rawCollection(name)).deleteMany({});
});

afterEach(() => jest.useRealTimers());

function patch(jar: CookieJar, id: string, json: unknown) {
  return callRoute<Answer>(userRoute, { method: "PATCH", jar, params: { id }, json, headers: ORIGIN });
}

/** Uses up `jar`'s admin's budget with role changes on `id` that all succeed. */
async function useUpBudget(jar: CookieJar, id: string) {
  for (const role of ["admin", "user", "admin"]) expect((await patch(jar, id, { role })).status).toBe(200);
}

function expectLimited(response: { status: number; body: Answer; headers: Headers }) {
  expect(response.status).toBe(429);
  expect(response.body.error?.code).toBe("RATE_LIMITED");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

it("refuses every state-changing admin route past the limit, changing nothing", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const { user: target, jar: targetJar } = await signedInUser({ name: "Target" });
  await useUpBudget(jar, target.id);
  const id = target.id;

  expectLimited(await patch(jar, id, { role: "user" }));
  expectLimited(await patch(jar, id, { disabled: true, reason: "Abuse reported" }));
  expectLimited(await callRoute<Answer>(userRoute, { method: "DELETE", jar, params: { id }, json: { reason: "Asked to be removed" }, headers: ORIGIN }));
  expectLimited(await callRoute<Answer>(revokeRoute, { method: "POST", jar, params: { id }, headers: ORIGIN }));
  expectLimited(await callRoute<Answer>(resetTwoFactorRoute, { method: "POST", jar, params: { id }, json: { reason: "Lost phone" }, headers: ORIGIN }));
  const viewAs = await callRoute<Answer>(impersonateRoute, { method: "POST", jar, params: { id }, headers: ORIGIN });
  expectLimited(viewAs);
  expect(viewAs.headers.get("set-cookie") ?? "").not.toMatch(/session-token=[^;]/);
  expectLimited(await callRoute<Answer>(modelsRoute, { method: "PUT", jar, json: { models: ["m/one"], defaultModel: "m/one" }, headers: ORIGIN }));
  expectLimited(await callRoute<Answer>(mailRetryRoute, { method: "POST", jar, params: { id: new ObjectId().toString() }, headers: ORIGIN }));

  // Nothing changed: still an admin, enabled, present, signed in; no models saved.
  const stored = await (await usersCollection()).findOne({ _id: new ObjectId(id) });
  expect(stored).toMatchObject({ role: "admin", disabledAt: null });
  await pastRevalidation(targetJar);
  expect((await getSession(targetJar))?.user.id).toBe(id);
  expect(await (await rawCollection("appSettings")).countDocuments({})).toBe(0);
});

it("does not count reads, keeps one admin's budget their own, and gives it back after the minute", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const { jar: otherJar } = await signedInUser({ role: "admin" });
  const { user: target } = await signedInUser();
  for (let read = 0; read < 5; read += 1) expect((await callRoute(userRoute, { jar, params: { id: target.id } })).status).toBe(200);
  await useUpBudget(jar, target.id);
  expectLimited(await patch(jar, target.id, { role: "user" }));

  expect((await patch(otherJar, target.id, { role: "user" })).status).toBe(200);

  jest.setSystemTime(T0 + 61_000);
  expect((await patch(jar, target.id, { role: "admin" })).status).toBe(200);
});

it("answers the mail retry route 404 for a mail that is not undelivered, 400 for a malformed id, 403 to a non-admin", async () => {
  const { jar } = await signedInUser({ role: "admin" });
  const { jar: userJar } = await signedInUser();
  const unknown = await callRoute<Answer>(mailRetryRoute, { method: "POST", jar, params: { id: new ObjectId().toString() }, headers: ORIGIN });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error?.code).toBe("NOT_FOUND");
  expect((await callRoute<Answer>(mailRetryRoute, { method: "POST", jar, params: { id: "not-an-id" }, headers: ORIGIN })).status).toBe(400);
  expect((await callRoute<Answer>(mailRetryRoute, { method: "POST", jar: userJar, params: { id: new ObjectId().toString() }, headers: ORIGIN })).status).toBe(403);
  const crossSite = await callRoute<Answer>(mailRetryRoute, { method: "POST", jar, params: { id: new ObjectId().toString() }, headers: { origin: "https://evil.example" } });
  expect(crossSite.status).toBe(403);
  expect((await callRoute<Answer>(mailRetryRoute, { method: "GET", jar, params: { id: new ObjectId().toString() } })).status).toBe(405);
});

it("is counted first by every state-changing method of every admin route, so a new one cannot forget it", () => {
  const dir = path.resolve(__dirname, "../../../../pages/api/admin");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  const changing = files.flatMap((file) => {
    const source = readFileSync(path.join(dir, file), "utf8");
    return [...source.matchAll(/^ {2}(POST|PUT|PATCH|DELETE): withAuth\(\n\s+async \([^)]*\) => \{\n\s+(.*)$/gm)].map(([, method, first]) => ({ route: `${method} ${file}`, first }));
  });
  expect(changing.map(({ route }) => route).sort()).toEqual(
    [
      "DELETE users/[id]/index.ts",
      "PATCH users/[id]/index.ts",
      "POST mail/[id]/retry.ts",
      "POST users/[id]/impersonate.ts",
      "POST users/[id]/reset-two-factor.ts",
      "POST users/[id]/revoke-sessions.ts",
      "PUT models.ts",
    ].sort(),
  );
  for (const { first } of changing) expect(first).toBe("await limitAdminAction(data);");
  // Every other method of an admin route is a read.
  const methods = files.flatMap((file) => [...readFileSync(path.join(dir, file), "utf8").matchAll(/^ {2}(GET|POST|PUT|PATCH|DELETE):/gm)].map(([, method]) => method));
  expect(methods.filter((method) => method !== "GET")).toHaveLength(changing.length);
});
