/** @jest-environment-options {"env": {"ENCRYPTION_KEYS": "k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=,k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}} */
import { ObjectId } from "mongodb";
import { forUser } from "@/lib/access";
import { encryptSecret, type EncryptionKey } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { getConversation, getHistoryEntry, rotateHistoryEncryption } from "@/lib/generation";
import { createTestUser, rawCollection } from "../../helpers/users";

/** `npm run rotate-keys` covers generation history too: text made by an older key moves to the current one. */

const k1 = (): EncryptionKey => getEnv().ENCRYPTION_KEYS.find((key) => key.id === "k1")!;

/** A history entry as an older deployment wrote it, with `key`. */
async function storeEntry(userId: ObjectId, prompt: string, output: string, key: EncryptionKey) {
  const _id = new ObjectId();
  const seal = (field: string, text: string) => encryptSecret(text, `user:${userId}/generation:${_id}/${field}`, [key]);
  await (await rawCollection("generations")).insertOne({
    _id,
    userId,
    model: "stub/model",
    language: null,
    promptChars: prompt.length,
    outputChars: output.length,
    timeToFirstTokenMs: 10,
    durationMs: 20,
    outcome: "completed",
    createdAt: new Date(),
    prompt: seal("prompt", prompt),
    output: seal("output", output),
  });
  return _id;
}

it("re-encrypts history made by the older key and leaves unreadable entries alone", async () => {
  const user = await createTestUser();
  const old = await storeEntry(user._id, "old prompt", "old output", k1());
  const orphan = await storeEntry(user._id, "lost", "lost", { id: "k0", key: Buffer.alloc(32, 9) });

  const owner = forUser({ id: user.id, role: "user" });
  expect(await getHistoryEntry(owner, String(old))).toMatchObject({ prompt: "old prompt", output: "old output" });
  expect(await rotateHistoryEncryption()).toEqual({ reencrypted: 1, unreadable: 1 });

  const generations = await rawCollection("generations");
  const rotated = await generations.findOne({ _id: old });
  expect([rotated?.prompt.keyId, rotated?.output.keyId]).toEqual(["k2", "k2"]);
  expect(await getHistoryEntry(owner, String(old))).toMatchObject({ prompt: "old prompt", output: "old output" });
  expect((await generations.findOne({ _id: orphan }))?.prompt.keyId).toBe("k0");
  // A second run finds nothing left to do but the unreadable entry.
  expect(await rotateHistoryEncryption()).toEqual({ reencrypted: 0, unreadable: 1 });
});

it("re-encrypts conversation titles and turns made by the older key, keeping their binding", async () => {
  const user = await createTestUser();
  const conversationId = new ObjectId();
  const at = new Date();
  await (await rawCollection("conversations")).insertOne({
    _id: conversationId,
    userId: user._id,
    title: encryptSecret("old title", `user:${user._id}/conversation:${conversationId}/title`, [k1()]),
    createdAt: at,
    updatedAt: at,
  });
  const turnId = new ObjectId();
  const seal = (field: string, text: string) => encryptSecret(text, `user:${user._id}/conversation:${conversationId}/turn:0/generation:${turnId}/${field}`, [k1()]);
  await (await rawCollection("generations")).insertOne({
    _id: turnId,
    userId: user._id,
    model: "stub/model",
    language: null,
    promptChars: 3,
    outputChars: 3,
    timeToFirstTokenMs: 10,
    durationMs: 20,
    outcome: "completed",
    createdAt: at,
    conversationId,
    turn: 0,
    version: 1,
    prompt: seal("prompt", "ask"),
    output: seal("output", "ans"),
  });

  // The title and the turn (the first test's unreadable entry is still there).
  expect(await rotateHistoryEncryption()).toMatchObject({ reencrypted: 2 });
  expect((await (await rawCollection("conversations")).findOne({ _id: conversationId }))?.title.keyId).toBe("k2");
  const owner = forUser({ id: user.id, role: "user" });
  expect(await getConversation(owner, String(conversationId))).toMatchObject({ title: "old title", turns: [{ prompt: "ask", output: "ans" }] });
});
