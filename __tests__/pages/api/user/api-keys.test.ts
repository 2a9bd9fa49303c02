import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { APP_ORIGIN, CookieJar, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { usersCollection } from "../../../helpers/users";

const TOGETHER_KEY = "tgp_v1_SECRETsecretSECRETsecret1234abcd";
const ORIGIN = { origin: APP_ORIGIN };

function post(jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<{ apiKeys?: Record<string, unknown>; error?: { code: string; fields?: Record<string, string[]> } }>(
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

    const saved = await post(jar, { togetherAI: TOGETHER_KEY });
    expect(saved.status).toBe(200);
    expect(saved.body.apiKeys).toEqual({ ...empty, togetherAI: { masked: "tgp_v1_S…abcd", updatedAt: expect.any(String) } });
    expect(saved.text).not.toContain(TOGETHER_KEY);

    const read = await callRoute(apiKeysRoute, { jar });
    expect(read.body).toEqual(saved.body);
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
    });
  });

  it("removes a key with null and leaves the others", async () => {
    const { jar } = await signedInUser();
    await post(jar, { togetherAI: TOGETHER_KEY, kestra: "kestra-token-0123456789" });
    const removed = await post(jar, { togetherAI: null });
    expect(removed.body.apiKeys).toMatchObject({ togetherAI: null, kestra: { masked: "kest…6789" } });
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
