import { modelInfo } from "@/lib/model-catalog";
import { cachedCatalog, CATALOG_FRESH_MS, CATALOG_RETRY_MS, readCatalog } from "@/lib/model-catalog/catalog";
import { holdClockAt, T0 } from "../../helpers/two-factor";
import { rawCollection } from "../../helpers/users";
import { STUB_MODELS, togetherStubForThisFile } from "../../helpers/together-stub";

/**
 * The provider's model list, through the official client against the
 * Together stub: cached in MongoDB for an hour (the clock is held, so
 * "within the hour" is exact), a failed fetch serves the stale copy and is
 * not retried at once, and what the provider did not say is null.
 */

const stub = togetherStubForThisFile();
const KEY = "tgp_v1_CatalogKey-0123456789abcdefXYZ";
const catalogFetches = () => stub.requests.filter((request) => request.method === "GET" && request.path === "/v1/models");

beforeEach(async () => {
  await (await rawCollection("modelCatalog")).deleteMany({});
  // Emptied behind this process's back, as another instance would: its copy goes too.
  cachedCatalog.forget();
  stub.acceptKeys(KEY);
  holdClockAt(T0);
});
afterEach(() => jest.useRealTimers());

describe("modelInfo", () => {
  it("reads names, context lengths and prices from GET /v1/models with the caller's key", async () => {
    expect(await modelInfo("stub-model", KEY)).toEqual({
      id: "stub-model",
      name: "Stub Coder 7B",
      contextLength: 32768,
      pricing: { inputPerMillion: 0.3, outputPerMillion: 0.6 },
    });
    expect(catalogFetches()).toHaveLength(1);
    expect(catalogFetches()[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it("answers a model listed without name or price with its id and nulls, and an unknown model with null", async () => {
    expect(await modelInfo("stub/unpriced", KEY)).toEqual({ id: "stub/unpriced", name: "stub/unpriced", contextLength: null, pricing: null });
    expect(await modelInfo("nobody/unknown-model", KEY)).toBeNull();
  });

  it("serves the stored copy for an hour, then fetches once again", async () => {
    await modelInfo("stub-model", KEY);
    jest.setSystemTime(T0 + CATALOG_FRESH_MS - 1000);
    await modelInfo("stub-model", KEY);
    await modelInfo("Qwen/Qwen2.5-Coder-32B-Instruct", KEY);
    expect(catalogFetches()).toHaveLength(1);

    stub.setModels([{ ...STUB_MODELS[0], display_name: "Stub Coder 7B v2" }]);
    jest.setSystemTime(T0 + CATALOG_FRESH_MS + 1000);
    expect((await modelInfo("stub-model", KEY))?.name).toBe("Stub Coder 7B v2");
    expect(await modelInfo("Qwen/Qwen2.5-Coder-32B-Instruct", KEY)).toBeNull();
    expect(catalogFetches()).toHaveLength(2);
  });

  it("keeps serving the stale copy when a fetch fails, and tries again only after a pause", async () => {
    await modelInfo("stub-model", KEY);
    stub.failModels(503);
    jest.setSystemTime(T0 + CATALOG_FRESH_MS + 1000);
    expect((await modelInfo("stub-model", KEY))?.name).toBe("Stub Coder 7B");
    expect((await modelInfo("stub-model", KEY))?.name).toBe("Stub Coder 7B");
    expect(catalogFetches()).toHaveLength(2);

    stub.failModels(null);
    jest.setSystemTime(T0 + CATALOG_FRESH_MS + 1000 + CATALOG_RETRY_MS + 1000);
    expect(await modelInfo("stub-model", KEY)).not.toBeNull();
    expect(catalogFetches()).toHaveLength(3);
    expect(await modelInfo("stub-model", KEY)).not.toBeNull();
    expect(catalogFetches()).toHaveLength(3);
  });

  it("answers null without throwing when nothing was ever fetched and the key is rejected", async () => {
    expect(await modelInfo("stub-model", "tgp_v1_SomeoneElsesKey-0123456789abc")).toBeNull();
    const stored = await (await rawCollection("modelCatalog")).findOne({});
    expect(JSON.stringify(stored)).not.toContain("SomeoneElsesKey");
  });

  it("without a key serves only what is stored", async () => {
    expect(await readCatalog(null)).toBeNull();
    expect(catalogFetches()).toHaveLength(0);
    await readCatalog(KEY);
    jest.setSystemTime(T0 + 2 * CATALOG_FRESH_MS);
    expect((await readCatalog(null))?.map((model) => model.id)).toEqual(STUB_MODELS.map((model) => model.id));
    expect(catalogFetches()).toHaveLength(1);
  });

  it("skips entries that are not models and reads the OpenAI-style { data } wrapper", async () => {
    stub.setModels({ data: [{ id: "a/one", context_length: -5, pricing: { input: "x" } }, { name: "no id" }, 42, { id: "b/two", display_name: "Two" }] });
    expect(await readCatalog(KEY)).toEqual([
      { id: "a/one", name: "a/one", contextLength: null, pricing: null },
      { id: "b/two", name: "Two", contextLength: null, pricing: null },
    ]);
  });
});
