/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { ObjectId } from "mongodb";
import * as userRoute from "@/pages/api/admin/users/[id]";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as revokeRoute from "@/pages/api/admin/users/[id]/revoke-sessions";
import * as usersRoute from "@/pages/api/admin/users";
import type { AdminUserDetail, AdminUsersResponse } from "@/lib/admin/shared";
import { flushAuthEvents } from "@/lib/audit";
import { APP_ORIGIN, CookieJar, getSession, pastRevalidation, signedInUser, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { renderPage } from "../../../helpers/pages";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

const SAME_ORIGIN = { origin: APP_ORIGIN };

function list(jar: CookieJar | undefined, query = "") {
  return callRoute<AdminUsersResponse>(usersRoute, { jar, query: new URLSearchParams(query) });
}

function detail(jar: CookieJar, id: string) {
  return callRoute<AdminUserDetail>(userRoute, { jar, params: { id } });
}

function patch(jar: CookieJar, id: string, json: unknown, headers: Record<string, string> = SAME_ORIGIN) {
  return callRoute<AdminUserDetail & { error?: { code: string; fields?: Record<string, string[]> } }>(userRoute, {
    method: "PATCH",
    jar,
    params: { id },
    json,
    headers,
  });
}

async function auditTypes(userId: string): Promise<string[]> {
  await flushAuthEvents();
  const events = await (await rawCollection("authEvents")).find({ userId: new ObjectId(userId) }).sort({ at: 1 }).toArray();
  return events.map((event) => String(event.type));
}

beforeEach(async () => {
  await flushAuthEvents();
  for (const name of ["users", "sessions", "authEvents", "accounts", "generations"]) await (await rawCollection(name)).deleteMany({});
});

async function admin() {
  return signedInUser({ role: "admin", name: "Ada Admin" });
}

describe("who may use the admin API", () => {
  it("answers 401 signed out, 403 to a user without the role, 400 for a malformed id and 404 for an unknown one", async () => {
    const { jar: adminJar } = await admin();
    const { user, jar: userJar } = await signedInUser();
    expect((await list(undefined)).status).toBe(401);
    expect((await list(userJar)).status).toBe(403);
    expect((await detail(userJar, user.id)).status).toBe(403);
    expect((await patch(userJar, user.id, { role: "admin" })).status).toBe(403);
    expect((await callRoute(revokeRoute, { method: "POST", jar: userJar, params: { id: user.id }, headers: SAME_ORIGIN })).status).toBe(403);
    expect((await callRoute(impersonateRoute, { method: "POST", jar: userJar, params: { id: user.id }, headers: SAME_ORIGIN })).status).toBe(403);
    expect((await detail(adminJar, "not-an-id")).status).toBe(400);
    expect((await detail(adminJar, new ObjectId().toString())).status).toBe(404);
    expect((await patch(adminJar, new ObjectId().toString(), { role: "admin" })).status).toBe(404);
    expect(await (await usersCollection()).countDocuments({ role: "admin" })).toBe(1);
  });

  it("refuses a change from another site and a malformed body, changing nothing", async () => {
    const { jar } = await admin();
    const user = await createTestUser();
    expect((await patch(jar, user.id, { role: "admin" }, { origin: "https://evil.example" })).status).toBe(403);
    const noReason = await patch(jar, user.id, { disabled: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.fields?.reason).toBeDefined();
    expect((await patch(jar, user.id, { role: "owner" })).status).toBe(400);
    expect((await patch(jar, user.id, { role: "admin", passwordHash: "x" })).status).toBe(400);
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored).toMatchObject({ role: "user", disabledAt: null });
  });
});

describe("GET /api/admin/users", () => {
  it("pages through users, newest first, with exactly the documented fields and never a hash", async () => {
    const { jar } = await admin();
    for (let i = 0; i < 4; i += 1) await createTestUser({ name: `Paged ${i}` });
    const first = await list(jar, "limit=2&page=1");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, page: 1, limit: 2 });
    expect(first.body.users.map((user) => user.name)).toEqual(["Paged 3", "Paged 2"]);
    expect(Object.keys(first.body.users[0] ?? {}).sort()).toEqual(
      ["createdAt", "disabled", "email", "emailVerified", "id", "lastSignInAt", "name", "providers", "role"].sort(),
    );
    expect(first.text).not.toMatch(/passwordHash|\$2[aby]\$/);
    const last = await list(jar, "limit=2&page=3");
    expect(last.body.users.map((user) => user.name)).toEqual(["Ada Admin"]);
    expect((await list(jar, "limit=500")).body.limit).toBe(100);
    expect((await list(jar, "page=0")).status).toBe(400);
  });

  it("finds a user by exact email in any case, or by part of the name or address", async () => {
    const { jar } = await admin();
    const grace = await createTestUser({ name: "Grace Hopper", email: "grace@navy.example" });
    await createTestUser({ name: "Alan Turing", email: "alan@bletchley.example" });
    const exact = await list(jar, "query=GRACE@Navy.Example");
    expect(exact.body.users.map((user) => user.id)).toEqual([grace.id]);
    expect(exact.body.users[0]).toMatchObject({ providers: ["password"], role: "user", disabled: false, lastSignInAt: null });
    expect((await list(jar, "query=hopp")).body.users.map((user) => user.id)).toEqual([grace.id]);
    expect((await list(jar, "query=bletchley")).body.total).toBe(1);
    expect((await list(jar, "query=.*")).body.total).toBe(0);
  });

  it("shows when a user last signed in", async () => {
    const { jar } = await admin();
    const before = Date.now();
    const { user } = await signedInUser({ email: "recent@example.com" });
    const after = Date.now();
    await flushAuthEvents();
    const [row] = (await list(jar, "query=recent@example.com")).body.users;
    expect(row?.id).toBe(user.id);
    // The sign-in just made, not another time.
    expect(Date.parse(row?.lastSignInAt ?? "")).toBeGreaterThanOrEqual(before);
    expect(Date.parse(row?.lastSignInAt ?? "")).toBeLessThanOrEqual(after);
  });
});

describe("role changes", () => {
  it("a promoted user becomes an admin, and a demoted admin loses the console, within the revalidation interval", async () => {
    const { user: ada, jar: adaJar } = await admin();
    const { user: bob, jar: bobJar } = await signedInUser();
    const promoted = await patch(adaJar, bob.id, { role: "admin" });
    expect(promoted.status).toBe(200);
    expect(promoted.body.user.role).toBe("admin");
    await pastRevalidation(bobJar);
    expect((await list(bobJar)).status).toBe(200);

    expect((await patch(bobJar, ada.id, { role: "user" })).status).toBe(200);
    // Inside the interval the token still says admin; the API reads the role from it.
    expect((await list(adaJar)).status).toBe(200);
    await pastRevalidation(adaJar);
    expect((await list(adaJar)).status).toBe(403);
    const adminPage = await import("@/pages/admin");
    expect((await renderPage(adminPage, "/admin", adaJar)).redirect).toBe("/unauthorized");
    expect(await auditTypes(ada.id)).toEqual(expect.arrayContaining(["admin.role_changed"]));
  });

  it("the last admin cannot demote or disable themself (409), and nothing changes", async () => {
    const { user: ada, jar } = await admin();
    const demote = await patch(jar, ada.id, { role: "user" });
    expect(demote.status).toBe(409);
    expect(demote.body.error?.code).toBe("CONFLICT");
    expect((await patch(jar, ada.id, { disabled: true, reason: "leaving" })).status).toBe(409);
    expect(await (await usersCollection()).findOne({ _id: ada._id })).toMatchObject({ role: "admin", disabledAt: null });

    // Once another admin exists, the same change goes through, and that admin is the one left.
    const other = await createTestUser({ role: "admin" });
    const stepDown = await patch(jar, ada.id, { role: "user" });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.user).toMatchObject({ id: ada.id, role: "user" });
    const admins = await (await usersCollection()).find({ role: "admin" }).toArray();
    expect(admins.map((row) => row._id.toString())).toEqual([other.id]);
  });
});

describe("disabling and signing out", () => {
  it("a disabled user is signed out at their next request after the interval and cannot sign in until enabled", async () => {
    const { user: ada, jar: adminJar } = await admin();
    const { user, jar } = await signedInUser();
    const disabled = await patch(adminJar, user.id, { disabled: true, reason: "Chargeback fraud" });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user).toMatchObject({ disabled: true, disabledReason: "Chargeback fraud" });
    expect(disabled.body.devices).toEqual([]);

    await pastRevalidation(jar);
    expect(await getSession(jar)).toBeNull();
    const again = await signIn(new CookieJar(), { email: user.email, password: user.password });
    expect(again.error).not.toBeNull();

    expect((await patch(adminJar, user.id, { disabled: false })).body.user).toMatchObject({ disabled: false, disabledReason: null });
    expect((await signIn(new CookieJar(), { email: user.email, password: user.password })).error).toBeNull();
    expect(await auditTypes(user.id)).toEqual(expect.arrayContaining(["admin.user_disabled", "admin.user_enabled"]));
    expect(await auditTypes(ada.id)).toEqual(expect.arrayContaining(["admin.user_disabled", "admin.user_enabled"]));
  });

  it("signs a user out of every device", async () => {
    const { jar: adminJar } = await admin();
    const { user, jar } = await signedInUser();
    await signIn(new CookieJar(), { email: user.email, password: user.password });
    const res = await callRoute<{ revoked: number }>(revokeRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN });
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBe(2);
    await pastRevalidation(jar);
    expect(await getSession(jar)).toBeNull();
    expect(await auditTypes(user.id)).toContain("admin.sessions_revoked");
  });

  it("shows a user's devices, recent events and usage totals", async () => {
    const { jar: adminJar } = await admin();
    const { user } = await signedInUser();
    await flushAuthEvents();
    const res = await detail(adminJar, user.id);
    expect(res.status).toBe(200);
    expect(res.body.devices).toHaveLength(1);
    expect(res.body.events.map((event) => event.type)).toContain("signin.succeeded");
    expect(res.body.usage).toEqual({ generations: 0, completed: 0, failed: 0, promptChars: 0, outputChars: 0 });
    expect(res.text).not.toMatch(/sessionToken|emailHash|passwordHash/);
  });

  it("lists no event past AUTH_EVENT_RETENTION_DAYS, even before the retention job deletes it", async () => {
    const { jar: adminJar } = await admin();
    const user = await createTestUser();
    const at = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    const event = (days: number) => ({ _id: new ObjectId(), userId: user._id, type: "password.changed", at: at(days), ip: "198.51.100.9", userAgent: "" });
    const [expired, kept] = [event(90.01), event(89.9)];
    await (await rawCollection("authEvents")).insertMany([expired, kept]);
    const res = await detail(adminJar, user.id);
    expect(res.body.events.map((listed) => listed.id)).toEqual([kept._id.toString()]);
  });
});
