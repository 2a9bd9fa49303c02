/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub-model,stub/coder-small", "TOGETHER_DEFAULT_MODEL": "stub-model"}} */
import { ObjectId } from "mongodb";
import { flushAuthEvents } from "@/lib/audit";
import { cachedCatalog } from "@/lib/model-catalog/catalog";
import { cachedModelSettings } from "@/lib/model-catalog/settings";
import type { AdminModelsResponse, ModelsResponse } from "@/lib/model-catalog/shared";
import * as adminModelsRoute from "@/pages/api/admin/models";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as modelsRoute from "@/pages/api/models";
import { APP_ORIGIN, signedInUser, type CookieJar } from "../../helpers/auth";
import { generate, saveTogetherKey, TOGETHER_KEY, userWithTogetherKey, waitForGenerationRecords } from "../../helpers/generation";
import { callRoute } from "../../helpers/http";
import { rawCollection } from "../../helpers/users";
import { togetherStubForThisFile } from "../../helpers/together-stub";

/**
 * `GET /api/models` (the picker's list) and `GET`/`PUT /api/admin/models`
 * (the allow-list), through the real routes, sessions and the Together stub.
 */

const stub = togetherStubForThisFile();
const SAME_ORIGIN = { origin: APP_ORIGIN };
type ErrorAnswer = { error?: { code: string; fields?: Record<string, string[]> } };

const models = (jar: CookieJar | undefined) => callRoute<ModelsResponse & ErrorAnswer>(modelsRoute, { jar });
const adminGet = (jar: CookieJar) => callRoute<AdminModelsResponse & ErrorAnswer>(adminModelsRoute, { jar });
const adminPut = (jar: CookieJar, json: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  callRoute<AdminModelsResponse & ErrorAnswer>(adminModelsRoute, { method: "PUT", jar, json, headers });
const catalogFetches = () => stub.requests.filter((request) => request.method === "GET" && request.path === "/v1/models");

beforeEach(async () => {
  await flushAuthEvents();
  for (const name of ["users", "sessions", "authEvents", "generations", "modelCatalog", "appSettings"]) await (await rawCollection(name)).deleteMany({});
  // Emptied behind this process's back: its copies of the catalog and the settings go too.
  cachedCatalog.forget();
  cachedModelSettings.forget();
  stub.acceptKeys(TOGETHER_KEY);
});

async function adminAuditTypes(userId: string): Promise<string[]> {
  await flushAuthEvents();
  return (await (await rawCollection("authEvents")).find({ userId: new ObjectId(userId) }).toArray()).map((event) => String(event.type));
}

describe("GET /api/models", () => {
  it("answers 401 signed out", async () => {
    expect((await models(undefined)).status).toBe(401);
  });

  it("with the user's key: the allow-list in order, named and priced from the provider's list, cached privately and briefly", async () => {
    const { jar } = await userWithTogetherKey();
    const before = catalogFetches().length;
    const response = await models(jar);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, max-age=60");
    expect(response.body).toEqual({
      models: [
        { id: "stub-model", name: "Stub Coder 7B", contextLength: 32768, pricing: { inputPerMillion: 0.3, outputPerMillion: 0.6 } },
        { id: "stub/coder-small", name: "stub/coder-small", contextLength: null, pricing: null },
      ],
      default: "stub-model",
    });
    expect(catalogFetches()).toHaveLength(before + 1);
    await models(jar);
    expect(catalogFetches()).toHaveLength(before + 1);
  });

  it("without a key: the bare ids, and no call to the provider; then the copy someone else's key fetched", async () => {
    const { jar } = await signedInUser();
    const bare = await models(jar);
    expect(bare.status).toBe(200);
    expect(bare.body.models.map((model) => [model.id, model.name, model.pricing])).toEqual([
      ["stub-model", "stub-model", null],
      ["stub/coder-small", "stub/coder-small", null],
    ]);
    expect(catalogFetches()).toHaveLength(0);
    await models((await userWithTogetherKey()).jar);
    expect((await models(jar)).body.models[0]?.name).toBe("Stub Coder 7B");
  });

  it("an admin viewing as a user reads the list without the user's key being used", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const { user, jar: userJar } = await signedInUser();
    await saveTogetherKey(userJar);
    expect((await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN })).status).toBe(200);
    const before = catalogFetches().length;
    const response = await models(adminJar);
    expect(response.status).toBe(200);
    expect(response.body.models.map((model) => model.id)).toEqual(["stub-model", "stub/coder-small"]);
    expect(catalogFetches()).toHaveLength(before);
  });
});

describe("GET/PUT /api/admin/models", () => {
  it("refuses a user without the role (403), a view-as session (403) and a cross-site PUT (403), changing nothing", async () => {
    const { jar: userJar } = await signedInUser();
    expect((await adminGet(userJar)).status).toBe(403);
    expect((await adminPut(userJar, { models: ["stub/evil"], defaultModel: "stub/evil" })).status).toBe(403);
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    expect((await adminPut(adminJar, { models: ["stub/evil"], defaultModel: "stub/evil" }, { origin: "https://evil.example" })).status).toBe(403);
    const { user } = await signedInUser();
    expect((await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN })).status).toBe(200);
    expect((await adminGet(adminJar)).status).toBe(403);
    expect((await adminPut(adminJar, { models: ["stub/evil"], defaultModel: "stub/evil" })).status).toBe(403);
    expect(await (await rawCollection("appSettings")).countDocuments({})).toBe(0);
  });

  it("shows the environment's list as not saved yet, with the catalog read with the admin's own key", async () => {
    const { jar } = await signedInUser({ role: "admin" });
    await saveTogetherKey(jar);
    const response = await adminGet(jar);
    expect(response.status).toBe(200);
    expect(response.body.saved).toBe(false);
    expect(response.body.default).toBe("stub-model");
    expect(response.body.models.map((model) => model.id)).toEqual(["stub-model", "stub/coder-small"]);
    expect(response.body.catalog.map((model) => model.id)).toEqual(["stub-model", "Qwen/Qwen2.5-Coder-32B-Instruct", "stub/unpriced"]);
    expect(response.body.catalogFetchedAt).toEqual(expect.any(String));
  });

  it.each([
    ["an empty list", { models: [], defaultModel: "stub-model" }, "models"],
    ["a default not in the list", { models: ["stub-model"], defaultModel: "stub/coder-small" }, "defaultModel"],
    ["a model twice", { models: ["stub-model", "stub-model"], defaultModel: "stub-model" }, "models"],
    ["an id with spaces", { models: ["not a model"], defaultModel: "not a model" }, "models.0"],
    ["an unknown field", { models: ["stub-model"], defaultModel: "stub-model", extra: 1 }, null],
  ])("refuses %s with 400 and changes nothing", async (_case, json, field) => {
    const { jar } = await signedInUser({ role: "admin" });
    const response = await adminPut(jar, json);
    expect(response.status).toBe(400);
    if (field) expect(response.body.error?.fields?.[field]?.length).toBeGreaterThan(0);
    expect(await (await rawCollection("appSettings")).countDocuments({})).toBe(0);
  });

  it("saves a new list, audited: generate then refuses a removed model and accepts a newly added one, and the picker shows it", async () => {
    const { user: admin, jar: adminJar } = await signedInUser({ role: "admin" });
    const saved = await adminPut(adminJar, { models: ["Qwen/Qwen2.5-Coder-32B-Instruct", "stub/coder-small"], defaultModel: "stub/coder-small" });
    expect(saved.status).toBe(200);
    expect(saved.body.saved).toBe(true);
    expect(saved.body.default).toBe("stub/coder-small");
    expect(await adminAuditTypes(admin.id)).toContain("admin.models_changed");

    const { user, jar } = await userWithTogetherKey();
    const removed = await generate(jar, { prompt: "Add two numbers", model: "stub-model" });
    expect(removed.status).toBe(400);
    expect(removed.body.error?.fields?.model?.length).toBeGreaterThan(0);
    expect(stub.chatRequests()).toHaveLength(0);

    const added = await generate(jar, { prompt: "Add two numbers", model: "Qwen/Qwen2.5-Coder-32B-Instruct" });
    expect(added.status).toBe(200);
    expect((stub.chatRequests()[0]?.body as { model?: string }).model).toBe("Qwen/Qwen2.5-Coder-32B-Instruct");
    await waitForGenerationRecords(new ObjectId(user.id), 1);
    const byDefault = await generate(jar, { prompt: "Add two numbers" });
    expect(byDefault.status).toBe(200);
    expect((stub.chatRequests()[1]?.body as { model?: string }).model).toBe("stub/coder-small");

    const picker = await models(jar);
    expect(picker.body.default).toBe("stub/coder-small");
    expect(picker.body.models.map((model) => [model.id, model.name])).toEqual([
      ["Qwen/Qwen2.5-Coder-32B-Instruct", "Qwen 2.5 Coder 32B Instruct"],
      ["stub/coder-small", "stub/coder-small"],
    ]);
  });
});
