/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub-model,stub/coder-small", "TOGETHER_DEFAULT_MODEL": "stub-model"}} */
import { cachedCatalog } from "@/lib/model-catalog/catalog";
import { MODEL_DOCS_CACHE_MS, processCache } from "@/lib/model-catalog/process-cache";
import { cachedModelSettings } from "@/lib/model-catalog/settings";
import type { ModelsResponse } from "@/lib/model-catalog/shared";
import * as adminModelsRoute from "@/pages/api/admin/models";
import * as modelsRoute from "@/pages/api/models";
import { APP_ORIGIN, signedInUser, type CookieJar } from "../../helpers/auth";
import { commandsDuring, describeCommand } from "../../helpers/db-commands";
import { TOGETHER_KEY, userWithTogetherKey } from "../../helpers/generation";
import { callRoute } from "../../helpers/http";
import { togetherStubForThisFile } from "../../helpers/together-stub";
import { holdClockAt, T0 } from "../../helpers/two-factor";
import { rawCollection } from "../../helpers/users";

/**
 * The admin's model settings and the provider's catalog, read through this
 * process's short cache: on a held clock, a read within the TTL sends no
 * command and one after it reads again; a change made on this process is
 * seen at once, one made elsewhere (another instance, here the raw
 * collection) within the TTL.
 */

const stub = togetherStubForThisFile();

const models = (jar: CookieJar) => callRoute<ModelsResponse>(modelsRoute, { jar });
/** The reads of the two global documents among the commands `work` sent. */
async function modelDocReads(work: () => Promise<unknown>): Promise<string[]> {
  const sent = await commandsDuring(work);
  return sent
    .map(describeCommand)
    .filter((command) => command.endsWith(" appSettings") || command.endsWith(" modelCatalog"))
    .sort();
}

beforeEach(async () => {
  holdClockAt(T0);
  for (const name of ["appSettings", "modelCatalog"]) await (await rawCollection(name)).deleteMany({});
  cachedModelSettings.forget();
  cachedCatalog.forget();
  stub.acceptKeys(TOGETHER_KEY);
});
afterEach(() => jest.useRealTimers());

describe("the models' process cache", () => {
  it("sends no command for a read within the TTL, and reads each document once after it", async () => {
    const { jar } = await signedInUser();
    expect(await modelDocReads(() => models(jar))).toEqual(["find appSettings", "find modelCatalog"]);
    jest.setSystemTime(T0 + MODEL_DOCS_CACHE_MS - 1);
    expect(await modelDocReads(() => models(jar))).toEqual([]);
    jest.setSystemTime(T0 + MODEL_DOCS_CACHE_MS);
    expect(await modelDocReads(() => models(jar))).toEqual(["find appSettings", "find modelCatalog"]);
  });

  it("shows an admin's change on this process at once, and another instance's within the TTL", async () => {
    const { jar } = await signedInUser();
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    expect((await models(jar)).body.default).toBe("stub-model");

    const saved = await callRoute(adminModelsRoute, { method: "PUT", jar: adminJar, json: { models: ["stub/coder-small"], defaultModel: "stub/coder-small" }, headers: { origin: APP_ORIGIN } });
    expect(saved.status).toBe(200);
    expect((await models(jar)).body).toMatchObject({ default: "stub/coder-small", models: [{ id: "stub/coder-small" }] });

    // Saved on another instance: this one keeps its copy until the TTL is over.
    const elsewhere = { models: ["stub-model"], defaultModel: "stub-model", updatedAt: new Date(), updatedBy: "another-instance" };
    await (await rawCollection("appSettings")).replaceOne({ _id: "models" as never }, elsewhere);
    jest.setSystemTime(T0 + MODEL_DOCS_CACHE_MS - 1);
    expect((await models(jar)).body.default).toBe("stub/coder-small");
    jest.setSystemTime(T0 + MODEL_DOCS_CACHE_MS);
    expect((await models(jar)).body.default).toBe("stub-model");
  });

  it("keeps a catalog fetched here at once, for everyone (it holds nothing of the key's owner)", async () => {
    const { jar: keyless } = await signedInUser();
    expect((await models(keyless)).body.models[0]?.name).toBe("stub-model");
    // The first reader with a key fetches the list from the provider.
    await models((await userWithTogetherKey()).jar);
    expect(await modelDocReads(async () => expect((await models(keyless)).body.models[0]?.name).toBe("Stub Coder 7B"))).toEqual([]);
    const stored = await (await rawCollection("modelCatalog")).findOne({});
    expect(Object.keys(stored ?? {}).sort()).toEqual(["_id", "failedAt", "fetchedAt", "models"]);
    expect(JSON.stringify(stored)).not.toContain(TOGETHER_KEY);
  });
});

describe("processCache", () => {
  it("shares one load between readers that miss at once, and does not keep a load that failed", async () => {
    let loads = 0;
    const cache = processCache("shared-load", async () => {
      loads += 1;
      if (loads === 1) throw new Error("database down");
      return loads;
    }, 1000);
    await expect(cache.read()).rejects.toThrow("database down");
    expect(await Promise.all([cache.read(), cache.read(), cache.read()])).toEqual([2, 2, 2]);
    expect(loads).toBe(2);
  });

  it("does not keep a load overtaken by set or forget", async () => {
    let release: (value: string) => void = () => undefined;
    const cache = processCache("overtaken", () => new Promise<string>((resolve) => (release = resolve)), 1000);
    const before = cache.read();
    cache.set("written");
    release("read before the write");
    expect(await before).toBe("read before the write");
    expect(await cache.read()).toBe("written");
    cache.forget();
    const after = cache.read();
    release("read after");
    expect(await after).toBe("read after");
  });

  it("is one value per name in the process, however many copies of the module a build made (one per route's bundle)", async () => {
    const inTheAdminRoute = processCache("one-name", async () => "read by the admin route", 1000);
    const inAPage = processCache("one-name", async () => "read by a page", 1000);
    inTheAdminRoute.set("saved by the admin");
    expect(await inAPage.read()).toBe("saved by the admin");
    inTheAdminRoute.forget();
    expect(await inAPage.read()).toBe("read by a page");
  });
});
