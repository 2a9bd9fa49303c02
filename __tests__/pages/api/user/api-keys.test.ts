import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { getEnv, type Env } from "@/lib/core/env";
import { APP_ORIGIN, CookieJar, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { togetherStubForThisFile } from "../../../helpers/together-stub";
import { usersCollection } from "../../../helpers/users";

/** Saving a Together AI key checks it with Together AI: here a stub on 127.0.0.1 that refuses every key unless told. */
const stub = togetherStubForThisFile();

const TOGETHER_KEY = "tgp_v1_SECRETsecretSECRETsecret1234abcd";
const ORIGIN = { origin: APP_ORIGIN };

type VaultAnswer = {
  apiKeys?: Record<string, unknown>;
  check?: Record<string, string>;
  error?: { code: string; fields?: Record<string, string[]> };
};

function post(jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<VaultAnswer>(
    apiKeysRoute,
    { method: "POST", jar, json, headers },
  );
}

const empty = { togetherAI: null, codeRabbit: null, oumi: null, kestra: null };

describe("the API key vault", () => {
  it("answers 401 when signed out", async () => {
    expect((await callRoute(apiKeysRoute)).status).toBe(401);
    expect((await callRoute(apiKeysRoute, { method: "POST", json: { oumi: "x" } })).status).toBe(401);
  });

  it("stores a key encrypted and only ever answers with it masked", async () => {
    const { user, jar } = await signedInUser();
    expect((await callRoute(apiKeysRoute, { jar })).body).toEqual({ apiKeys: empty });

    stub.acceptKeys(TOGETHER_KEY);
    const saved = await post(jar, { togetherAI: TOGETHER_KEY });
    expect(saved.status).toBe(200);
    const lastCheck = { result: "valid", at: expect.any(String) };
    expect(saved.body.apiKeys).toEqual({ ...empty, togetherAI: { masked: "tgp_v1_S…abcd", updatedAt: expect.any(String), lastCheck } });
    expect(saved.text).not.toContain(TOGETHER_KEY);

    const read = await callRoute(apiKeysRoute, { jar });
    expect(read.body).toEqual({ apiKeys: saved.body.apiKeys });
    expect(read.headers.get("cache-control")).toBe("private, no-store");

    const raw = await (await usersCollection()).findOne({ _id: user._id });
    const rawText = JSON.stringify(raw);
    expect(rawText).not.toContain(TOGETHER_KEY);
    expect(rawText).not.toContain(Buffer.from(TOGETHER_KEY).toString("base64"));
    expect(raw?.apiKeys.togetherAI).toEqual({
      keyId: "k1",
      iv: expect.any(String),
      data: expect.any(String),
      tag: expect.any(String),
      updatedAt: expect.any(Date),
      lastCheck: { result: "valid", at: expect.any(Date) },
    });
  });

  it("removes a key with null and leaves the others", async () => {
    const { jar } = await signedInUser();
    await post(jar, { togetherAI: TOGETHER_KEY, kestra: "kestra-token-0123456789" });
    const removed = await post(jar, { togetherAI: null });
    expect(removed.body.apiKeys).toMatchObject({ togetherAI: null, kestra: { masked: "kest…6789", lastCheck: null } });
    expect(removed.body.check).toBeUndefined();
  });

  it("never writes a full key to the server log, not even when saving it fails", async () => {
    const { user, jar } = await signedInUser();
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    let failed: Awaited<ReturnType<typeof post>>;
    try {
      await post(jar, { codeRabbit: "cr FULLKEY with spaces" });
      // A vault that is not an object makes the database refuse the write: a 500, which the server logs.
      await (await usersCollection()).updateOne({ _id: user._id }, { $set: { apiKeys: "not-a-vault" } });
      failed = await post(jar, { codeRabbit: "cr-FULLKEY-should-never-be-logged-42" });
      await callRoute(apiKeysRoute, { jar });
    } finally {
      spy.mockRestore();
    }
    expect(failed.status).toBe(500);
    expect(failed.text).not.toMatch(/FULLKEY/);
    const log = written.join("");
    expect(log).toContain('"event":"api.error"');
    expect(log).not.toMatch(/FULLKEY/);
  });

  it("reports a ciphertext copied from another user as unreadable instead of failing", async () => {
    const alice = await signedInUser();
    const bob = await signedInUser();
    await post(alice.jar, { oumi: "oumi-alice-private-key-0001" });
    const users = await usersCollection();
    const aliceDoc = await users.findOne({ _id: alice.user._id });
    await users.updateOne({ _id: bob.user._id }, { $set: { "apiKeys.oumi": aliceDoc?.apiKeys.oumi } });

    const res = await callRoute(apiKeysRoute, { jar: bob.jar });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ apiKeys: { oumi: { masked: null, unreadable: true, updatedAt: expect.any(String) } } });
    expect(res.text).not.toContain("oumi-alice");
  });

  it("refuses a cross-site request", async () => {
    const { user, jar } = await signedInUser();
    const res = await post(jar, { togetherAI: TOGETHER_KEY }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.apiKeys).toBeUndefined();
  });

  describe("bad input gets field errors and changes nothing", () => {
    it.each([
      ["an empty key", { togetherAI: "" }, "togetherAI"],
      ["whitespace inside", { codeRabbit: "abc def" }, "codeRabbit"],
      ["a trailing newline", { oumi: "abcdef\n" }, "oumi"],
      ["a key over 512 characters", { kestra: "k".repeat(513) }, "kestra"],
      ["a number", { togetherAI: 42 }, "togetherAI"],
      ["an operator object", { togetherAI: { $set: "x" } }, "togetherAI"],
    ])("%s", async (_label, body, field) => {
      const { user, jar } = await signedInUser();
      const res = await post(jar, body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(res.body.error?.fields ?? {})).toEqual([field]);
      expect((await (await usersCollection()).findOne({ _id: user._id }))?.apiKeys).toBeUndefined();
    });

    it("an unknown provider or an empty object", async () => {
      const { jar } = await signedInUser();
      expect((await post(jar, { togetherAi: "typo-in-the-name-123" })).status).toBe(400);
      expect((await post(jar, {})).status).toBe(400);
    });
  });
});

/** A signed-in user whose email is verified (storing a key needs one: EMAIL_NOT_VERIFIED otherwise). */
async function verifiedUser() {
  const signedIn = await signedInUser();
  await (await usersCollection()).updateOne({ _id: signedIn.user._id }, { $set: { emailVerified: new Date() } });
  return signedIn;
}

/** Runs `work` with some of the env changed (the app reads it per call), then puts it back. */
async function withEnv<T>(changes: Partial<Pick<Env, "TOGETHER_API_BASE_URL" | "TOGETHER_KEY_CHECK_TIMEOUT_MS">>, work: () => Promise<T>): Promise<T> {
  const env = getEnv();
  const saved = { TOGETHER_API_BASE_URL: env.TOGETHER_API_BASE_URL, TOGETHER_KEY_CHECK_TIMEOUT_MS: env.TOGETHER_KEY_CHECK_TIMEOUT_MS };
  Object.assign(env, changes);
  try {
    return await work();
  } finally {
    Object.assign(env, saved);
  }
}

/** The stored Together AI entry, as the database has it. */
async function storedTogetherEntry(userId: unknown) {
  return (await (await usersCollection()).findOne({ _id: userId as never }))?.apiKeys?.togetherAI;
}

describe("saving a Together AI key checks it with Together AI, and stores it whatever the answer", () => {
  it.each([
    ["valid", "accepted", () => stub.acceptKeys(TOGETHER_KEY)],
    ["rejected", "refused", () => stub.acceptKeys("some-other-key")],
    ["unreachable", "failing (503)", () => stub.failModels(503)],
  ] as const)("%s when Together AI is %s", async (result, _how, arrange) => {
    const { user, jar } = await verifiedUser();
    arrange();
    const saved = await post(jar, { togetherAI: TOGETHER_KEY });
    expect(saved.status).toBe(200);
    expect(saved.body.check).toEqual({ togetherAI: result });
    expect(saved.body.apiKeys?.togetherAI).toEqual({ masked: "tgp_v1_S…abcd", updatedAt: expect.any(String), lastCheck: { result, at: expect.any(String) } });
    expect(stub.requests).toMatchObject([{ method: "GET", path: "/v1/models", authorization: `Bearer ${TOGETHER_KEY}` }]);

    // Stored encrypted, with the check's result and time next to it; the list read returns both.
    const entry = await storedTogetherEntry(user._id);
    expect(JSON.stringify(entry)).not.toContain(TOGETHER_KEY);
    expect(entry).toMatchObject({ keyId: "k1", data: expect.any(String), lastCheck: { result, at: expect.any(Date) } });
    const read = await callRoute<VaultAnswer>(apiKeysRoute, { jar });
    expect(read.body.apiKeys?.togetherAI).toEqual(saved.body.apiKeys?.togetherAI);
    expect((read.body.apiKeys?.togetherAI as { lastCheck: { at: string } }).lastCheck.at).toBe(entry.lastCheck.at.toISOString());
  });

  it("unreachable when nothing listens at Together AI's address", async () => {
    const { user, jar } = await verifiedUser();
    // Port 9 (discard) on loopback refuses the connection.
    const saved = await withEnv({ TOGETHER_API_BASE_URL: "http://127.0.0.1:9/v1" }, () => post(jar, { togetherAI: TOGETHER_KEY }));
    expect(saved.status).toBe(200);
    expect(saved.body.check).toEqual({ togetherAI: "unreachable" });
    expect((await storedTogetherEntry(user._id))?.lastCheck?.result).toBe("unreachable");
  });

  it("unreachable, not a hang, when Together AI never answers: the check gives up after its timeout", async () => {
    const { user, jar } = await verifiedUser();
    stub.failModels("silent");
    const saved = await withEnv({ TOGETHER_KEY_CHECK_TIMEOUT_MS: 300 }, () => post(jar, { togetherAI: TOGETHER_KEY }));
    expect(saved.status).toBe(200);
    expect(saved.body.check).toEqual({ togetherAI: "unreachable" });
    expect(await stub.requests[0]?.closed).toBe(true);
    expect((await storedTogetherEntry(user._id))?.data).toEqual(expect.any(String));
  });

  it("a replaced key starts over: its check is its own; other providers have no check", async () => {
    const { jar } = await verifiedUser();
    stub.acceptKeys(TOGETHER_KEY);
    await post(jar, { togetherAI: TOGETHER_KEY });
    const replaced = await post(jar, { togetherAI: "tgp_v1_AnotherKey-0123456789abcdef" });
    expect(replaced.body.check).toEqual({ togetherAI: "rejected" });
    expect(replaced.body.apiKeys?.togetherAI).toMatchObject({ lastCheck: { result: "rejected" } });

    const other = await post(jar, { kestra: "kestra-token-0123456789" });
    expect(other.body.check).toBeUndefined();
    expect(other.body.apiKeys?.kestra).toMatchObject({ lastCheck: null });
    expect(stub.requests).toHaveLength(2);
  });
});
