import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { collections } from "@/lib/core/collections";
import { getDb } from "@/lib/core/db";
import { registerIndexes, registeredIndexes } from "@/lib/core/indexes";

/**
 * Each feature registers its collection's indexes with core (lib/core/indexes.ts)
 * from the module that owns its data access; core lists none itself. These
 * tests hold that no collection is forgotten and that a late registration is
 * still built before the collection is used.
 */

const root = path.resolve(__dirname, "../../..");

/** Every server feature's entry (lib/client is browser-only, and has no indexes). */
const featureEntries = readdirSync(path.join(root, "lib"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "client" && existsSync(path.join(root, "lib", entry.name, "index.ts")))
  .map((entry) => entry.name);

/** The collection each model maps, as its schema options name it. */
const modelCollections = readdirSync(path.join(root, "models"))
  .filter((file) => /^[A-Z]\w*\.ts$/.test(file))
  .flatMap((file) => [...readFileSync(path.join(root, "models", file), "utf8").matchAll(/collection: "(\w+)"/g)].map(([, name]) => name));

const keyOf = (key: unknown) => JSON.stringify(key);

describe("every collection's indexes are registered by its feature", () => {
  beforeAll(async () => {
    for (const feature of featureEntries) await import(`@/lib/${feature}`);
  });

  it("each collection the app uses has indexes, and each model maps one of those collections", () => {
    const indexed = new Set(registeredIndexes().map((plan) => plan.collection));
    expect([...indexed].sort()).toEqual(Object.values(collections).sort());
    expect(modelCollections.length).toBeGreaterThan(0);
    for (const name of modelCollections) expect(Object.values(collections)).toContain(name);
  });

  it("connecting builds every registered index", async () => {
    const db = await getDb();
    for (const plan of registeredIndexes()) {
      const built = (await db.collection(plan.collection).indexes()).map((index) => keyOf(index.key));
      expect({ collection: plan.collection, built: built.includes(keyOf(plan.key)) }).toEqual({ collection: plan.collection, built: true });
    }
  });

  it("an index registered after the first connection is built before the connection is handed out again", async () => {
    await getDb();
    registerIndexes({ collection: "lateFeature", key: { lateField: 1 }, unique: true });

    const db = await getDb();
    const built = (await db.collection("lateFeature").indexes()).find((index) => keyOf(index.key) === keyOf({ lateField: 1 }));
    expect(built?.unique).toBe(true);
  });
});
