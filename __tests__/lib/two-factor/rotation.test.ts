/** @jest-environment-options {"env": {"ENCRYPTION_KEYS": "k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=,k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}} */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ObjectId } from "mongodb";
import { generate, generateSecret } from "otplib";
import { encryptSecret, type EncryptionKey } from "@/lib/core/crypto";
import { getEnv } from "@/lib/core/env";
import { acceptTotpCode, confirmTotpSetup, rotateTotpEncryption } from "@/lib/two-factor";
import { createTestUser, rawCollection } from "../../helpers/users";

const run = promisify(execFile);
const k1 = (): EncryptionKey => getEnv().ENCRYPTION_KEYS.find((key) => key.id === "k1")!;
const retired: EncryptionKey = { id: "k0", key: Buffer.alloc(32, 9) };
const code = (secret: string, ms = Date.now()) => generate({ secret, epoch: Math.floor(ms / 1000) });

/** Stores an authenticator secret as an older deployment would have, with `key`: confirmed (`totp`) or waiting for its code (`pending`). */
async function storeSecret(userId: ObjectId, slot: "totp" | "pending", key: EncryptionKey): Promise<string> {
  const secret = generateSecret();
  const sealed = encryptSecret(secret, `user:${userId.toString()}/totp`, [key]);
  const value = slot === "totp" ? { secret: sealed, enabledAt: new Date("2026-01-01"), lastUsedStep: 0 } : { secret: sealed, createdAt: new Date() };
  await (await rawCollection("twoFactors")).updateOne({ _id: userId }, { $set: { [slot]: value } }, { upsert: true });
  return secret;
}

async function keyIdOf(userId: ObjectId, slot: "totp" | "pending"): Promise<unknown> {
  const doc = await (await rawCollection("twoFactors")).findOne({ _id: userId });
  return doc?.[slot]?.secret?.keyId;
}

describe("authenticator secrets under key rotation (ENCRYPTION_KEYS=k2,k1)", () => {
  it("re-encrypts confirmed and pending secrets made by the older key, which keep working", async () => {
    const on = await createTestUser();
    const onSecret = await storeSecret(on._id, "totp", k1());
    const settingUp = await createTestUser();
    const pendingSecret = await storeSecret(settingUp._id, "pending", k1());

    expect(await rotateTotpEncryption()).toEqual({ usersScanned: 2, reencrypted: 2, unreadable: 0, currentKeyId: "k2" });
    expect(await keyIdOf(on._id, "totp")).toBe("k2");
    expect(await keyIdOf(settingUp._id, "pending")).toBe("k2");
    expect(await acceptTotpCode(on.id, await code(onSecret))).toBe(true);
    expect(await confirmTotpSetup(settingUp.id, await code(pendingSecret))).toBe("confirmed");

    expect(await rotateTotpEncryption()).toMatchObject({ usersScanned: 0, reencrypted: 0 });
  });

  it("streams in batches and counts what no configured key can read, leaving it as it is", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => createTestUser()));
    for (const user of users) await storeSecret(user._id, "totp", k1());
    const orphan = await createTestUser();
    await storeSecret(orphan._id, "totp", retired);

    expect(await rotateTotpEncryption({ batchSize: 5 })).toMatchObject({ reencrypted: 12, unreadable: 1 });
    for (const user of users) expect(await keyIdOf(user._id, "totp")).toBe("k2");
    expect(await keyIdOf(orphan._id, "totp")).toBe("k0");
  });

  it("runs as part of npm run rotate-keys", async () => {
    const user = await createTestUser();
    await storeSecret(user._id, "pending", k1());
    const { stdout } = await run("npx", ["tsx", "scripts/rotate-keys.ts"], { env: { ...process.env, NODE_ENV: "development" as const } });
    expect(stdout).toMatch(/Re-encrypted \d+ authenticator app secret\(s\)/);
    expect(await keyIdOf(user._id, "pending")).toBe("k2");
  }, 60_000);
});
