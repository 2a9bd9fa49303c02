import * as entryRoute from "@/pages/api/user/generations/[id]";
import * as historyRoute from "@/pages/api/user/generations";
import * as preferencesRoute from "@/pages/api/user/preferences";
import type { GenerationDetailResponse, GenerationListResponse } from "@/lib/generation/shared";
import { APP_ORIGIN, type CookieJar } from "../../../helpers/auth";
import { generate, generationRecords, userWithTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { togetherStubForThisFile } from "../../../helpers/together-stub";
import { rawCollection } from "../../../helpers/users";

/**
 * Generation history: kept encrypted for its owner, listed newest first in
 * pages, opened, deleted one by one or all at once, and not kept at all when
 * the user turns it off (the usage record stays).
 */

const stub = togetherStubForThisFile();

const ORIGIN = { origin: APP_ORIGIN };
const CROSS_SITE = { origin: "https://evil.example" };

/** Generates once per prompt, each answer "answer to <prompt>". */
async function generateAll(jar: CookieJar, prompts: string[]) {
  for (const prompt of prompts) {
    stub.enqueue({ kind: "stream", chunks: ["answer to ", prompt] });
    const response = await generate(jar, { prompt, language: "go" });
    expect(response.status).toBe(200);
  }
}

function list(jar: CookieJar, query = "") {
  return callRoute<GenerationListResponse>(historyRoute, { jar, headers: {}, ...(query ? { params: Object.fromEntries(new URLSearchParams(query)) } : {}) });
}

function open(jar: CookieJar, id: string) {
  return callRoute<GenerationDetailResponse & { error?: { code: string } }>(entryRoute, { jar, params: { id } });
}

describe("generation history", () => {
  it("lists the user's generations newest first, in pages", async () => {
    const { jar } = await userWithTogetherKey();
    await generateAll(jar, ["one", "two", "three"]);

    const first = await list(jar, "limit=2");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-store");
    expect(first.body.generations.map((entry) => entry.title)).toEqual(["three", "two"]);
    expect(first.body.generations[0]).toMatchObject({
      language: "go",
      outcome: "completed",
      promptChars: 5,
      outputChars: "answer to three".length,
      timeToFirstTokenMs: expect.any(Number),
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await list(jar, `limit=2&before=${first.body.nextCursor}`);
    expect(second.body.generations.map((entry) => entry.title)).toEqual(["one"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("opens an entry with its prompt and output", async () => {
    const { jar } = await userWithTogetherKey();
    await generateAll(jar, ["a sorting function"]);
    const [entry] = (await list(jar)).body.generations;
    const opened = await open(jar, entry!.id);
    expect(opened.status).toBe(200);
    expect(opened.body.generation).toMatchObject({ id: entry!.id, prompt: "a sorting function", output: "answer to a sorting function" });
  });

  it("stores prompt and output only encrypted, and a copy given to another user does not decrypt", async () => {
    const owner = await userWithTogetherKey();
    const other = await userWithTogetherKey();
    await generateAll(owner.jar, ["my secret algorithm"]);
    const generations = await rawCollection("generations");
    const raw = await generations.findOne({ userId: owner.user._id });
    expect(JSON.stringify(raw)).not.toMatch(/secret algorithm|answer to/);
    expect(raw?.prompt).toEqual({ keyId: "k1", iv: expect.any(String), data: expect.any(String), tag: expect.any(String) });

    // The same ciphertext under the other user's id: it is bound to its owner, so it stays unreadable.
    const copy = { ...raw!, _id: raw!._id, userId: other.user._id };
    await generations.deleteOne({ _id: raw!._id });
    await generations.insertOne(copy);
    const opened = await open(other.jar, String(raw!._id));
    expect(opened.status).toBe(404);
    const listed = await list(other.jar);
    expect(listed.body.generations[0]?.title).toBe("This entry can no longer be read");
    expect(listed.text).not.toContain("secret algorithm");
  });

  it("shows another user's entry to nobody else: not found, not deleted", async () => {
    const owner = await userWithTogetherKey();
    const intruder = await userWithTogetherKey();
    await generateAll(owner.jar, ["private"]);
    const [entry] = (await list(owner.jar)).body.generations;
    expect((await open(intruder.jar, entry!.id)).status).toBe(404);
    expect((await callRoute(entryRoute, { method: "DELETE", jar: intruder.jar, params: { id: entry!.id }, headers: ORIGIN })).status).toBe(404);
    expect((await list(intruder.jar)).body.generations).toEqual([]);
    expect((await open(owner.jar, entry!.id)).status).toBe(200);
  });

  it("deletes one entry's text, keeping its usage record", async () => {
    const { user, jar } = await userWithTogetherKey();
    await generateAll(jar, ["keep", "drop"]);
    const entries = (await list(jar)).body.generations;
    const dropped = entries.find((entry) => entry.title === "drop")!;
    expect((await callRoute(entryRoute, { method: "DELETE", jar, params: { id: dropped.id }, headers: CROSS_SITE })).status).toBe(403);
    expect((await callRoute(entryRoute, { method: "DELETE", jar, params: { id: dropped.id }, headers: ORIGIN })).status).toBe(204);
    expect((await list(jar)).body.generations.map((entry) => entry.title)).toEqual(["keep"]);
    expect((await open(jar, dropped.id)).status).toBe(404);
    const records = await generationRecords(user._id);
    expect(records).toHaveLength(2);
    expect(records.find((record) => String(record._id) === dropped.id)).not.toHaveProperty("prompt");
  });

  it("deletes all history at once and says how much", async () => {
    const { user, jar } = await userWithTogetherKey();
    await generateAll(jar, ["a", "b", "c"]);
    const deleted = await callRoute<{ deleted: number }>(historyRoute, { method: "DELETE", jar, headers: ORIGIN });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 3 } });
    expect((await list(jar)).body.generations).toEqual([]);
    expect(await generationRecords(user._id)).toHaveLength(3);
  });

  it("keeps no text while history is off, only the usage record", async () => {
    const { user, jar } = await userWithTogetherKey();
    expect((await callRoute(preferencesRoute, { jar })).body).toMatchObject({ preferences: { keepGenerationHistory: true } });
    const off = await callRoute(preferencesRoute, { method: "PATCH", jar, json: { keepGenerationHistory: false }, headers: ORIGIN });
    expect(off).toMatchObject({ status: 200, body: { preferences: { keepGenerationHistory: false } } });

    await generateAll(jar, ["not kept"]);
    expect((await list(jar)).body.generations).toEqual([]);
    const [record] = await generationRecords(user._id);
    expect(record).toMatchObject({ outcome: "completed", promptChars: "not kept".length });
    expect(record).not.toHaveProperty("prompt");
    expect(record).not.toHaveProperty("output");
  });

  it("refuses a bad preference or a cross-site change, and changes nothing", async () => {
    const { jar } = await userWithTogetherKey();
    const bad = await callRoute<{ error: { code: string } }>(preferencesRoute, { method: "PATCH", jar, json: { keepGenerationHistory: "no" }, headers: ORIGIN });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect((await callRoute(preferencesRoute, { method: "PATCH", jar, json: { keepGenerationHistory: false }, headers: CROSS_SITE })).status).toBe(403);
    expect((await callRoute(preferencesRoute, { jar })).body).toMatchObject({ preferences: { keepGenerationHistory: true } });
  });

  it("refuses malformed cursors, limits and ids with 400", async () => {
    const { jar } = await userWithTogetherKey();
    expect((await list(jar, "before=yesterday")).status).toBe(400);
    expect((await list(jar, "limit=0")).status).toBe(400);
    expect((await list(jar, "limit=51")).status).toBe(400);
    expect((await open(jar, "not-an-id")).status).toBe(400);
  });

  it("answers 401 when signed out", async () => {
    expect((await callRoute(historyRoute)).status).toBe(401);
    expect((await callRoute(entryRoute, { params: { id: "0".repeat(24) } })).status).toBe(401);
    expect((await callRoute(preferencesRoute)).status).toBe(401);
  });
});
