import * as usersRoute from "@/pages/api/admin/users";
import type { AdminUsersResponse } from "@/lib/admin/shared";
import { syncLinkedProviders } from "@/lib/accounts";
import { flushAuthEvents } from "@/lib/audit";
import { CookieJar, signedInUser, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { renderPage } from "../../../helpers/pages";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/**
 * `GET /api/admin/users` filtered (role, status, verified, sign-in method) and
 * sorted (created, last sign-in, name; either way), through Next's request
 * handling: every page of a sort holds each user once, equal values
 * included, and a value outside its list is a 400 that names the field.
 */

type ListBody = AdminUsersResponse & { error?: { code: string; fields?: Record<string, string[]> } };

function list(jar: CookieJar, query = "") {
  return callRoute<ListBody>(usersRoute, { jar, query: new URLSearchParams(query) });
}

async function names(jar: CookieJar, query: string): Promise<(string | null)[]> {
  const res = await list(jar, query);
  expect(res.status).toBe(200);
  return res.body.users.map((user) => user.name);
}

/** Every user id in the list's order, page by page (`limit` a page), as a person clicking Next would see them. */
async function allPages(jar: CookieJar, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const res = await list(jar, `${query}&limit=${limit}&page=${page}`);
    expect(res.status).toBe(200);
    if (res.body.users.length === 0) return ids;
    ids.push(...res.body.users.map((user) => user.id));
  }
}

beforeEach(async () => {
  await flushAuthEvents();
  for (const name of ["users", "sessions", "authEvents", "accounts"]) await (await rawCollection(name)).deleteMany({});
});

async function admin() {
  return signedInUser({ role: "admin", name: "Ada Admin" });
}

describe("filters", () => {
  it("keeps only the users with the role, status, verification and sign-in method asked for, each alone or together", async () => {
    const { jar } = await admin();
    const users = await usersCollection();
    const grace = await createTestUser({ name: "Grace" });
    const linus = await createTestUser({ name: "Linus" });
    const mallory = await createTestUser({ name: "Mallory" });
    const otto = await createTestUser({ name: "Otto", role: "admin" });
    // Test users start verified; here only Grace and Otto are.
    await users.updateMany({}, { $set: { emailVerified: null } });
    await users.updateOne({ _id: grace._id }, { $set: { emailVerified: new Date() } });
    await users.updateOne({ _id: otto._id }, { $set: { emailVerified: new Date() } });
    await users.updateOne({ _id: mallory._id }, { $set: { disabledAt: new Date(), disabledReason: "spam" } });
    // Linus signs in with GitHub only; Grace has both her password and Google.
    await users.updateOne({ _id: linus._id }, { $unset: { passwordHash: 1 } });
    const accounts = await rawCollection("accounts");
    await accounts.insertMany([
      { userId: linus._id, type: "oauth", provider: "github", providerAccountId: "1001" },
      { userId: grace._id, type: "oauth", provider: "google", providerAccountId: "g-1" },
    ]);
    // As the adapter does after storing a link: the list reads the users' own `linkedProviders`.
    for (const { id } of [linus, grace]) await syncLinkedProviders(id);

    const sorted = (query: string) => names(jar, `${query}&sort=name`);
    expect(await sorted("role=admin")).toEqual(["Ada Admin", "Otto"]);
    expect(await sorted("role=user")).toEqual(["Grace", "Linus", "Mallory"]);
    expect(await sorted("status=disabled")).toEqual(["Mallory"]);
    expect(await sorted("status=active")).toEqual(["Ada Admin", "Grace", "Linus", "Otto"]);
    expect(await sorted("verified=yes")).toEqual(["Grace", "Otto"]);
    expect(await sorted("verified=no")).toEqual(["Ada Admin", "Linus", "Mallory"]);
    expect(await sorted("method=github")).toEqual(["Linus"]);
    expect(await sorted("method=google")).toEqual(["Grace"]);
    expect(await sorted("method=oidc")).toEqual([]);
    expect(await sorted("method=password")).toEqual(["Ada Admin", "Grace", "Mallory", "Otto"]);
    expect(await sorted("role=user&verified=no&status=active")).toEqual(["Linus"]);
    expect(await sorted("method=password&role=user&query=gra")).toEqual(["Grace"]);
    // A GET form's "Any" sends the field empty: no filter.
    const any = await list(jar, "role=&status=&verified=&method=&sort=&order=");
    expect(any.body).toMatchObject({ total: 5, sort: "created", order: "desc" });
    expect((await list(jar, "role=admin")).body.total).toBe(2);
  });
});

describe("sorting", () => {
  it("sorts by name, creation and last sign-in, either way, with each sort's own default order", async () => {
    const { jar } = await admin();
    const users = await usersCollection();
    const zoe = await createTestUser({ name: "Zoe" });
    const bea = await createTestUser({ name: "Bea" });
    const max = await createTestUser({ name: "Max" });
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    await users.updateOne({ _id: zoe._id }, { $set: { createdAt: day(3) } });
    await users.updateOne({ _id: bea._id }, { $set: { createdAt: day(1) } });
    await users.updateOne({ _id: max._id }, { $set: { createdAt: day(2) } });

    expect(await names(jar, "sort=name")).toEqual(["Ada Admin", "Bea", "Max", "Zoe"]);
    expect(await names(jar, "sort=name&order=desc")).toEqual(["Zoe", "Max", "Bea", "Ada Admin"]);
    // The admin was created today: newest first by default.
    expect(await names(jar, "")).toEqual(["Ada Admin", "Zoe", "Max", "Bea"]);
    expect(await names(jar, "sort=created&order=asc")).toEqual(["Bea", "Max", "Zoe", "Ada Admin"]);

    // Bea signs in after the admin did; Max and Zoe never did. Most recent first by default, never-signed-in last.
    expect((await signIn(new CookieJar(), { email: bea.email, password: bea.password })).error).toBeNull();
    const recent = await list(jar, "sort=last-sign-in");
    expect(recent.body).toMatchObject({ sort: "last-sign-in", order: "desc" });
    expect(recent.body.users.slice(0, 2).map((user) => user.name)).toEqual(["Bea", "Ada Admin"]);
    expect(recent.body.users.slice(2).map((user) => user.lastSignInAt)).toEqual([null, null]);
    const stored = await users.findOne({ _id: bea._id });
    expect(recent.body.users[0]?.lastSignInAt).toBe((stored?.lastSignInAt as Date).toISOString());
    expect((await names(jar, "sort=last-sign-in&order=asc")).slice(2)).toEqual(["Ada Admin", "Bea"]);
  });

  it("pages through every sort with equal values, each user exactly once, ties broken by id", async () => {
    const { user: ada, jar } = await admin();
    const users = await usersCollection();
    const same = new Date(Date.UTC(2026, 5, 1));
    const created: string[] = [ada.id];
    for (let i = 0; i < 6; i += 1) created.push((await createTestUser({ name: "Sam Same" })).id);
    await users.updateMany({}, { $set: { createdAt: same, lastSignInAt: same, name: "Sam Same" } });
    // Ids of equal length in lower-case hex compare as strings as they do as ObjectIds.
    const byId = [...created].sort();

    for (const sort of ["created", "last-sign-in", "name"]) {
      for (const order of ["asc", "desc"]) {
        const ids = await allPages(jar, `sort=${sort}&order=${order}`, 2);
        expect({ sort, order, ids }).toEqual({ sort, order, ids: order === "asc" ? byId : [...byId].reverse() });
      }
    }
  });
});

describe("what the list refuses", () => {
  it("answers 400 naming each field with a value outside its list, and a repeated one", async () => {
    const { jar } = await admin();
    const res = await list(jar, "role=owner&status=gone&verified=maybe&method=facebook&sort=email&order=up");
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(res.body.error?.fields ?? {}).sort()).toEqual(["method", "order", "role", "sort", "status", "verified"]);
    expect(res.body.error?.fields?.role).toEqual(["role is user or admin"]);
    expect((await list(jar, "role=user&role=admin")).status).toBe(400);
  });

  it("the page falls back to the defaults for a bad value, says so, and keeps the good ones", async () => {
    const { jar } = await admin();
    await createTestUser({ name: "Aaron" });
    const adminPage = await import("@/pages/admin");
    const page = await renderPage(adminPage, "/admin?role=owner&sort=name&order=desc", jar);
    expect(page.redirect).toBeNull();
    expect(page.html).toContain("role is user or admin");
    // Sorted by name, Z to A (newest first would put Aaron first): the good parameters still apply.
    expect(page.html.indexOf(">Ada Admin<")).toBeLessThan(page.html.indexOf(">Aaron<"));
    expect(page.html).toMatch(/<option value="name" selected="">/);
  });

  it("the page offers only the sign-in methods the list can filter by", async () => {
    const { jar } = await admin();
    const adminPage = await import("@/pages/admin");
    const page = await renderPage(adminPage, "/admin", jar);
    const select = /<select[^>]*name="method"[^>]*>(.*?)<\/select>/s.exec(page.html)?.[1] ?? "";
    const offered = [...select.matchAll(/<option value="([^"]*)"/g)].map(([, value]) => value).filter(Boolean);
    expect(offered).toEqual(["password", "github", "google", "oidc"]);
    for (const method of offered) expect((await list(jar, `method=${method}`)).status).toBe(200);
  });
});
