/** @jest-environment-options {"env": {"ENCRYPTION_KEYS": "k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=,k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}} */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ObjectId } from "mongodb";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { apiKeyBinding, openApiKey } from "@/lib/vault/sealing";
import { encryptSecret, type EncryptionKey } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { rotateApiKeyEncryption } from "@/lib/vault";
import type { ApiKeyProvider } from "@/lib/vault/shared";
import type { StoredApiKey } from "@/models/User";
import { CookieJar, signIn } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { createTestUser, usersCollection } from "../../helpers/users";

const run = promisify(execFile);
const k1 = (): EncryptionKey => getEnv().ENCRYPTION_KEYS.find((key) => key.id === "k1")!;
const retired: EncryptionKey = { id: "k0", key: Buffer.alloc(32, 9) };

/** Stores `value` in the user's slot as an older deployment would have, with `key`. */
async function storeWithKey(userId: ObjectId, provider: ApiKeyProvider, value: string, key: EncryptionKey) {
  const stored: StoredApiKey = { ...encryptSecret(value, apiKeyBinding(userId, provider), [key]), updatedAt: new Date("2026-01-01") };
  await (await usersCollection()).updateOne({ _id: userId }, { $set: { [`apiKeys.${provider}`]: stored } });
}

async function storedKey(userId: ObjectId, provider: ApiKeyProvider): Promise<StoredApiKey> {
  return (await (await usersCollection()).findOne({ _id: userId }))?.apiKeys[provider];
}

describe("key rotation (ENCRYPTION_KEYS=k2,k1)", () => {
  it("reads values made by the older key, then re-encrypts them with the current one", async () => {
    const user = await createTestUser();
    await storeWithKey(user._id, "togetherAI", "tgp-old-key-made-with-k1-0001", k1());
    await storeWithKey(user._id, "kestra", "kestra-old-key-made-with-k1-02", k1());
    // What Together AI last said of the key holds for the same key re-encrypted.
    const lastCheck = { result: "valid", at: new Date("2026-02-01") };
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { "apiKeys.togetherAI.lastCheck": lastCheck } });

    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    const before = await callRoute(apiKeysRoute, { jar });
    expect(before.body).toMatchObject({ apiKeys: { togetherAI: { masked: "tgp-…0001" } } });

    const report = await rotateApiKeyEncryption();
    expect(report).toEqual({ usersScanned: 1, reencrypted: 2, unreadable: 0, currentKeyId: "k2" });

    const rotated = await storedKey(user._id, "togetherAI");
    expect(rotated.keyId).toBe("k2");
    expect(rotated.updatedAt).toEqual(new Date("2026-01-01"));
    expect(rotated.lastCheck).toEqual(lastCheck);
    expect(openApiKey(user._id, "togetherAI", rotated)).toBe("tgp-old-key-made-with-k1-0001");
    expect((await callRoute(apiKeysRoute, { jar })).body).toEqual(before.body);

    expect(await rotateApiKeyEncryption()).toMatchObject({ usersScanned: 0, reencrypted: 0 });
  });

  it("streams many users in batches and counts what no configured key can read", async () => {
    const users = await Promise.all(Array.from({ length: 25 }, () => createTestUser()));
    for (const user of users) await storeWithKey(user._id, "oumi", `oumi-${user.id}`, k1());
    const orphan = await createTestUser();
    await storeWithKey(orphan._id, "codeRabbit", "cr-made-with-a-retired-key", retired);

    const report = await rotateApiKeyEncryption({ batchSize: 10 });
    expect(report).toMatchObject({ reencrypted: 25, unreadable: 1 });
    for (const user of users) expect((await storedKey(user._id, "oumi")).keyId).toBe("k2");
    expect((await storedKey(orphan._id, "codeRabbit")).keyId).toBe("k0");
  });

  it("runs as npm run rotate-keys and reports what it changed", async () => {
    const user = await createTestUser();
    await storeWithKey(user._id, "togetherAI", "tgp-cli-rotation-key-000001", k1());
    const { stdout } = await run("npx", ["tsx", "scripts/rotate-keys.ts"], { env: { ...process.env, NODE_ENV: "development" as const } });
    expect(stdout).toMatch(/Re-encrypted \d+ value\(s\) with key k2/);
    expect((await storedKey(user._id, "togetherAI")).keyId).toBe("k2");
  }, 60_000);
});
