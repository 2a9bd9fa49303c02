import { randomBytes } from "node:crypto";
import { DecryptionError, decryptSecret, encryptSecret, needsReencryption, parseEncryptionKeys, type EncryptionKey } from "@/lib/core/crypto";

const k1: EncryptionKey = { id: "k1", key: randomBytes(32) };
const k2: EncryptionKey = { id: "k2", key: randomBytes(32) };

describe("AES-256-GCM secrets", () => {
  it("round-trips, recording which key encrypted", () => {
    const sealed = encryptSecret("sk-live-secret", "user:1/provider:togetherAI", [k2, k1]);
    expect(sealed.keyId).toBe("k2");
    expect(Buffer.from(sealed.iv, "base64")).toHaveLength(12);
    expect(JSON.stringify(sealed)).not.toContain("sk-live-secret");
    expect(decryptSecret(sealed, "user:1/provider:togetherAI", [k2, k1])).toBe("sk-live-secret");
  });

  it("uses a fresh IV every time", () => {
    const a = encryptSecret("same", "aad", [k1]);
    const b = encryptSecret("same", "aad", [k1]);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
  });

  it("decrypts values of an older key while it is still listed", () => {
    const old = encryptSecret("v", "aad", [k1]);
    expect(decryptSecret(old, "aad", [k2, k1])).toBe("v");
    expect(needsReencryption(old, [k2, k1])).toBe(true);
    expect(() => decryptSecret(old, "aad", [k2])).toThrow(DecryptionError);
  });

  it("refuses a value bound to another owner or provider, or altered in any byte", () => {
    const sealed = encryptSecret("v", "user:1/provider:oumi", [k1]);
    expect(() => decryptSecret(sealed, "user:2/provider:oumi", [k1])).toThrow(DecryptionError);
    expect(() => decryptSecret(sealed, "user:1/provider:kestra", [k1])).toThrow(DecryptionError);
    const flipped = Buffer.from(sealed.data, "base64");
    flipped[0]! ^= 1;
    expect(() => decryptSecret({ ...sealed, data: flipped.toString("base64") }, "user:1/provider:oumi", [k1])).toThrow(DecryptionError);
    expect(() => decryptSecret({ ...sealed, tag: Buffer.alloc(16).toString("base64") }, "user:1/provider:oumi", [k1])).toThrow(DecryptionError);
  });

  it("refuses a truncated tag: GCM would otherwise accept as few as 4 of its 16 bytes", () => {
    const sealed = encryptSecret("v", "aad", [k1]);
    for (const bytes of [4, 8, 12, 15]) {
      const truncated = Buffer.from(sealed.tag, "base64").subarray(0, bytes).toString("base64");
      expect(() => decryptSecret({ ...sealed, tag: truncated }, "aad", [k1])).toThrow(DecryptionError);
    }
  });
});

describe("parseEncryptionKeys", () => {
  it("keeps the order (first encrypts) and reports malformed entries", () => {
    const value = `k2:${k2.key.toString("base64")},k1:${k1.key.toString("base64")}`;
    expect(parseEncryptionKeys(value).keys.map((key) => key.id)).toEqual(["k2", "k1"]);
    expect(parseEncryptionKeys("nokey").problems).toEqual(["entry 1 needs the form <id>:<base64 key>"]);
    expect(parseEncryptionKeys("").problems).toEqual(["must list at least one key"]);
  });

  it("names a malformed entry by its position, never by its characters", () => {
    const leaked = "Zm9vYmFyLXNlY3JldC1rZXktbWF0ZXJpYWw";
    const good = `k1:${k1.key.toString("base64")}`;
    const value = [good, leaked, `:${leaked}`, `bad id!:${leaked}`, `k9:${leaked.slice(0, 12)}`, good].join(",");
    const { problems } = parseEncryptionKeys(value);
    expect(problems).toEqual([
      "entry 2 needs the form <id>:<base64 key>",
      "entry 3 needs the form <id>:<base64 key>",
      "entry 4 needs the form <id>:<base64 key>",
      "entry 5 must be 32 bytes of base64 (openssl rand -base64 32)",
      "entry 6 repeats the id of entry 1",
    ]);
    const text = problems.join("\n");
    for (const fragment of [leaked.slice(0, 4), "Zm9v", k1.key.toString("base64").slice(0, 4)]) expect(text).not.toContain(fragment);
  });
});
