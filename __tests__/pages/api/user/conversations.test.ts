import { deleteAllHistory } from "@/lib/generation";
import { sealTitle } from "@/lib/generation/conversation-store";
import * as conversationRoute from "@/pages/api/user/conversations/[id]";
import * as listRoute from "@/pages/api/user/conversations";
import * as historyRoute from "@/pages/api/user/generations";
import * as preferencesRoute from "@/pages/api/user/preferences";
import type { ConversationListResponse, ConversationResponse } from "@/lib/generation/shared";
import { APP_ORIGIN, type CookieJar } from "../../../helpers/auth";
import { generate, generationRecords, userWithTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { togetherStubForThisFile } from "../../../helpers/together-stub";
import { rawCollection } from "../../../helpers/users";

/**
 * Conversations: follow-ups send the earlier turns upstream (the oldest left
 * out when they do not fit), regenerate / edit / continue make new versions
 * of the last turn, and the history lists, searches, renames and deletes
 * them, each person only their own.
 */

const stub = togetherStubForThisFile();
const ORIGIN = { origin: APP_ORIGIN };

type Message = { role: string; content: string };
const sentMessages = (): Message[] => (stub.chatRequests().at(-1)?.body as { messages: Message[] }).messages;

/** Asks `prompt` (in `conversationId`, with `action`), the stub answering `answer`; the response. */
async function ask(jar: CookieJar, json: Record<string, unknown>, answer: string, finishReason = "stop") {
  stub.enqueue({ kind: "stream", chunks: [answer], finishReason });
  const response = await generate(jar, json);
  expect(response.status).toBe(200);
  return response;
}

const open = (jar: CookieJar, id: string) => callRoute<ConversationResponse & { error?: { code: string } }>(conversationRoute, { jar, params: { id } });
const list = (jar: CookieJar, params: Record<string, string> = {}) => callRoute<ConversationListResponse>(listRoute, { jar, params });


describe("follow-ups", () => {
  it("starts a conversation, then sends its earlier turns upstream before the follow-up", async () => {
    const { jar, user } = await userWithTogetherKey();
    const first = await ask(jar, { prompt: "Write fizzbuzz\nin a short way" }, "fizz answer");
    const id = first.headers.get("x-conversation-id")!;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(first.headers.get("x-context-trimmed")).toBeNull();

    const second = await ask(jar, { prompt: "Now in Go", conversationId: id }, "go answer");
    expect(second.headers.get("x-conversation-id")).toBe(id);
    expect(sentMessages().slice(1)).toEqual([
      { role: "user", content: "Write fizzbuzz\nin a short way" },
      { role: "assistant", content: "fizz answer" },
      { role: "user", content: "Now in Go" },
    ]);

    const opened = await open(jar, id);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id, title: "Write fizzbuzz", turns: [{ turn: 0, prompt: "Write fizzbuzz\nin a short way", output: "fizz answer", usage: { promptTokens: 42, completionTokens: 7 }, outcome: "completed" }, { turn: 1, prompt: "Now in Go", output: "go answer" }] });
    const records = await generationRecords(user._id);
    expect(records.map((record) => [record.conversationId?.toString(), record.turn, record.version])).toEqual([
      [id, 0, 1],
      [id, 1, 1],
    ]);
    // The title is stored only encrypted.
    const stored = await (await rawCollection("conversations")).findOne({ userId: user._id });
    expect(JSON.stringify(stored)).not.toMatch(/fizzbuzz/);
  });

  it("leaves the oldest turns out when they would not fit the model's context, and says how many", async () => {
    const { jar } = await userWithTogetherKey();
    // About 3,000 tokens a turn (characters / 4). The stub's models have no context length, so the
    // default budget holds: 8,192 less 4,096 for the answer and the instructions leaves room for one such turn.
    const long = (word: string) => `${word} ${"x".repeat(7_990)}`;
    const id = (await ask(jar, { prompt: long("one") }, "a".repeat(4_000))).headers.get("x-conversation-id")!;
    const second = await ask(jar, { prompt: long("two"), conversationId: id }, "b".repeat(4_000));
    // Its own long prompt leaves no room for the first turn.
    expect(second.headers.get("x-context-trimmed")).toBe("1");
    expect(sentMessages().slice(1).map((message) => message.content.slice(0, 3))).toEqual(["two"]);
    const third = await ask(jar, { prompt: "three", conversationId: id }, "c");
    expect(third.headers.get("x-context-trimmed")).toBe("1");
    expect(sentMessages().slice(1).map((message) => message.content.slice(0, 3))).toEqual(["two", "bbb", "thr"]);
  });

  it("treats another user's conversation, or an unknown one, as not found, and sends nothing upstream", async () => {
    const owner = await userWithTogetherKey();
    const intruder = await userWithTogetherKey();
    const id = (await ask(owner.jar, { prompt: "secret plan" }, "secret answer")).headers.get("x-conversation-id")!;
    const before = stub.chatRequests().length;
    for (const conversationId of [id, "0123456789abcdef01234567"]) {
      const response = await generate(intruder.jar, { prompt: "tell me", conversationId });
      expect(response.status).toBe(404);
      expect(response.text).not.toMatch(/secret/);
    }
    expect((await open(intruder.jar, id)).status).toBe(404);
    expect((await callRoute(conversationRoute, { method: "DELETE", jar: intruder.jar, params: { id }, headers: ORIGIN })).status).toBe(404);
    expect((await callRoute(conversationRoute, { method: "PATCH", jar: intruder.jar, params: { id }, json: { title: "mine" }, headers: ORIGIN })).status).toBe(404);
    expect(stub.chatRequests().length).toBe(before);
    expect((await open(owner.jar, id)).body.title).toBe("secret plan");
  });

  it("needs history on for a follow-up (409), and keeps no conversation without it", async () => {
    const { jar, user } = await userWithTogetherKey();
    const id = (await ask(jar, { prompt: "first" }, "answer")).headers.get("x-conversation-id")!;
    await callRoute(preferencesRoute, { method: "PATCH", jar, json: { keepGenerationHistory: false }, headers: ORIGIN });
    const before = stub.chatRequests().length;
    const followUp = await generate(jar, { prompt: "more", conversationId: id });
    expect(followUp.status).toBe(409);
    expect(followUp.body.error?.message).toMatch(/history/);
    expect(stub.chatRequests().length).toBe(before);

    const unkept = await ask(jar, { prompt: "not kept" }, "answer");
    expect(unkept.headers.get("x-conversation-id")).toMatch(/^[0-9a-f]{24}$/);
    expect(await (await rawCollection("conversations")).countDocuments({ userId: user._id })).toBe(1);
  });
});

describe("regenerate, edit and continue", () => {
  it("regenerates the last answer as a new version, keeping the earlier one reachable", async () => {
    const { jar } = await userWithTogetherKey();
    const id = (await ask(jar, { prompt: "first" }, "one")).headers.get("x-conversation-id")!;
    await ask(jar, { prompt: "second", conversationId: id }, "two v1");
    await ask(jar, { prompt: "ignored", conversationId: id, action: "regenerate" }, "two v2");
    expect(sentMessages().slice(1)).toEqual([
      { role: "user", content: "first" },
      { role: "assistant", content: "one" },
      { role: "user", content: "second" },
    ]);
    const { turns } = (await open(jar, id)).body;
    expect(turns).toHaveLength(2);
    expect(turns[1]).toMatchObject({ turn: 1, version: 2, prompt: "second", output: "two v2" });
    expect(turns[1]!.versions.map((version) => [version.version, version.output])).toEqual([
      [1, "two v1"],
      [2, "two v2"],
    ]);
    // A follow-up after it builds on the latest version.
    await ask(jar, { prompt: "third", conversationId: id }, "three");
    expect(sentMessages().slice(1).map((message) => message.content)).toEqual(["first", "one", "second", "two v2", "third"]);
  });

  it("edits the last prompt: answered as a new version of the last turn", async () => {
    const { jar } = await userWithTogetherKey();
    const id = (await ask(jar, { prompt: "sort a list" }, "sorted")).headers.get("x-conversation-id")!;
    await ask(jar, { prompt: "sort a list in Rust", conversationId: id, action: "edit" }, "rust sorted");
    expect(sentMessages().slice(1)).toEqual([{ role: "user", content: "sort a list in Rust" }]);
    const { turns } = (await open(jar, id)).body;
    expect(turns).toHaveLength(1);
    expect(turns[0]!.versions.map((version) => [version.prompt, version.output])).toEqual([
      ["sort a list", "sorted"],
      ["sort a list in Rust", "rust sorted"],
    ]);
  });

  it("continues an answer cut at the length limit: the new version holds the whole answer", async () => {
    const { jar } = await userWithTogetherKey();
    const id = (await ask(jar, { prompt: "a long program" }, "part one, ", "length")).headers.get("x-conversation-id")!;
    expect((await open(jar, id)).body.turns[0]).toMatchObject({ finishReason: "length" });
    const continued = await ask(jar, { prompt: "a long program", conversationId: id, action: "continue" }, "part two");
    expect(continued.text).toBe("part two");
    expect(sentMessages().slice(1)).toEqual([
      { role: "user", content: "a long program" },
      { role: "assistant", content: "part one, " },
      { role: "user", content: expect.stringMatching(/continue/i) },
    ]);
    expect((await open(jar, id)).body.turns[0]).toMatchObject({ version: 2, output: "part one, part two", finishReason: "stop" });

    // A complete answer does not continue.
    const again = await generate(jar, { prompt: "x", conversationId: id, action: "continue" });
    expect(again.status).toBe(409);
  });

  it("refuses an action without a conversation (400)", async () => {
    const { jar } = await userWithTogetherKey();
    const response = await generate(jar, { prompt: "x", action: "regenerate" });
    expect(response.status).toBe(400);
    expect(response.body.error?.fields?.action).toBeDefined();
  });
});

describe("the conversation history", () => {
  it("lists last used first with turn counts, searches titles, renames and pages", async () => {
    const { jar } = await userWithTogetherKey();
    const ids: string[] = [];
    for (const prompt of ["Parse JSON", "Binary search", "json schema check"]) ids.push((await ask(jar, { prompt }, "ok")).headers.get("x-conversation-id")!);
    await ask(jar, { prompt: "more", conversationId: ids[0] }, "ok");

    const all = await list(jar);
    expect(all.status).toBe(200);
    expect(all.body.conversations.map(({ title, turns }) => [title, turns])).toEqual([
      ["Parse JSON", 2],
      ["json schema check", 1],
      ["Binary search", 1],
    ]);
    expect(all.body.nextCursor).toBeNull();
    expect((await list(jar, { query: "JSON" })).body.conversations.map(({ title }) => title)).toEqual(["Parse JSON", "json schema check"]);

    const renamed = await callRoute(conversationRoute, { method: "PATCH", jar, params: { id: ids[1]! }, json: { title: "  Halving  " }, headers: ORIGIN });
    expect(renamed.status).toBe(204);
    expect((await open(jar, ids[1]!)).body.title).toBe("Halving");
    const empty = await callRoute(conversationRoute, { method: "PATCH", jar, params: { id: ids[1]! }, json: { title: " " }, headers: ORIGIN });
    expect(empty.status).toBe(400);
    const crossSite = await callRoute(conversationRoute, { method: "PATCH", jar, params: { id: ids[1]! }, json: { title: "x" }, headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
  });

  it("pages by the cursor", async () => {
    const { jar, user } = await userWithTogetherKey();
    const { ObjectId } = await import("mongodb");
    // Stored as the app stores them (more generations than the limits allow in a test).
    const documents = Array.from({ length: 21 }, (_, index) => {
      const _id = new ObjectId();
      const at = new Date(Date.UTC(2026, 0, 1, 0, index));
      return { _id, userId: user._id, title: sealTitle(String(user._id), _id.toHexString(), `p${index}`), createdAt: at, updatedAt: at };
    });
    await (await rawCollection("conversations")).insertMany(documents);
    const first = await list(jar);
    expect(first.body.conversations).toHaveLength(20);
    expect(first.body.conversations[0]!.title).toBe("p20");
    const second = await list(jar, { before: first.body.nextCursor! });
    expect(second.body.conversations.map(({ title }) => title)).toEqual(["p0"]);
    expect(second.body.nextCursor).toBeNull();
    expect((await list(jar, { before: "nonsense" })).status).toBe(400);
  });

  it("deletes a conversation: its text goes, its usage records stay", async () => {
    const { jar, user } = await userWithTogetherKey();
    const id = (await ask(jar, { prompt: "delete me" }, "gone")).headers.get("x-conversation-id")!;
    await ask(jar, { prompt: "again", conversationId: id }, "gone too");
    const deleted = await callRoute(conversationRoute, { method: "DELETE", jar, params: { id }, headers: ORIGIN });
    expect(deleted.status).toBe(204);
    expect((await open(jar, id)).status).toBe(404);
    const records = await generationRecords(user._id);
    expect(records).toHaveLength(2);
    for (const record of records) expect(record.prompt ?? record.output).toBeUndefined();
    expect((await list(jar)).body.conversations).toEqual([]);
  });

  it("deleting all history removes conversations too", async () => {
    const { jar } = await userWithTogetherKey();
    await ask(jar, { prompt: "one" }, "ok");
    expect((await callRoute(historyRoute, { method: "DELETE", jar, headers: ORIGIN })).status).toBe(200);
    expect((await list(jar)).body.conversations).toEqual([]);
  });

  it("an account changing hands (a reset, a reclaim) or deleted loses its conversations with its history text", async () => {
    const { jar, user } = await userWithTogetherKey();
    await ask(jar, { prompt: "mine" }, "ok");
    await deleteAllHistory(String(user._id));
    expect(await (await rawCollection("conversations")).countDocuments({ userId: user._id })).toBe(0);
    expect((await generationRecords(user._id))[0]?.prompt).toBeUndefined();
  });

  it("binds a turn's text to its conversation and turn: moved elsewhere it does not decrypt", async () => {
    const { jar, user } = await userWithTogetherKey();
    const a = (await ask(jar, { prompt: "turn in a" }, "answer in a")).headers.get("x-conversation-id")!;
    const b = (await ask(jar, { prompt: "turn in b" }, "answer in b")).headers.get("x-conversation-id")!;
    const generations = await rawCollection("generations");
    const [inA] = await generationRecords(user._id);
    const { ObjectId } = await import("mongodb");
    await generations.updateOne({ _id: inA!._id }, { $set: { conversationId: new ObjectId(b) } });
    const opened = (await open(jar, b)).body;
    expect(opened.turns.flatMap((turn) => turn.versions.map((version) => version.output))).toEqual(["answer in b"]);
    expect((await open(jar, a)).body.turns).toEqual([]);
  });
});
