import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as checkRoute from "@/pages/api/user/api-keys/check";
import type { ApiKeyCheckResponse } from "@/lib/vault/shared";
import { APP_ORIGIN, signedInUser, type CookieJar } from "../../../helpers/auth";
import { TOGETHER_KEY, userWithTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { togetherStubForThisFile } from "../../../helpers/together-stub";
import { usersCollection } from "../../../helpers/users";

/**
 * "Check" on a stored Together AI key: the server lists models with it (the
 * cheapest authenticated call) and reports valid, rejected or unreachable;
 * and the loose format rules that refuse what cannot be a key when saving.
 */

const stub = togetherStubForThisFile();

const ORIGIN = { origin: APP_ORIGIN };

function check(jar: CookieJar | undefined, json: unknown = { provider: "togetherAI" }, headers = ORIGIN) {
  return callRoute<ApiKeyCheckResponse & { error?: { code: string; fields?: Record<string, string[]> } }>(checkRoute, {
    method: "POST",
    jar,
    json,
    headers,
  });
}

describe("checking a stored key", () => {
  it("reports valid when the provider accepts it, having sent the user's key", async () => {
    const { jar } = await userWithTogetherKey();
    stub.acceptKeys(TOGETHER_KEY);
    // Saving checked it already (api-keys.test.ts); this is the Check on its own.
    stub.requests.length = 0;
    const result = await check(jar);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ provider: "togetherAI", status: "valid", message: expect.stringContaining("accepted"), checkedAt: expect.any(String) });
    expect(result.text).not.toContain(TOGETHER_KEY);
    expect(stub.requests).toMatchObject([{ method: "GET", path: "/v1/models", authorization: `Bearer ${TOGETHER_KEY}` }]);
  });

  it("reports rejected when the provider refuses it", async () => {
    const { jar } = await userWithTogetherKey();
    stub.acceptKeys("some-other-key");
    expect((await check(jar)).body).toMatchObject({ status: "rejected", message: expect.stringContaining("Replace it") });
  });

  it("reports unreachable when the provider fails", async () => {
    const { jar } = await userWithTogetherKey();
    stub.failModels(503);
    expect((await check(jar)).body).toMatchObject({ status: "unreachable" });
  });

  it("keeps the result and time on the key, which the vault's list then shows", async () => {
    const { user, jar } = await userWithTogetherKey();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
    stub.acceptKeys(TOGETHER_KEY);
    const checked = await check(jar);
    expect(checked.body.status).toBe("valid");
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.apiKeys.togetherAI.lastCheck).toEqual({ result: "valid", at: new Date(checked.body.checkedAt) });
    const listed = await callRoute<{ apiKeys: { togetherAI: { lastCheck: unknown } } }>(apiKeysRoute, { jar });
    expect(listed.body.apiKeys.togetherAI.lastCheck).toEqual({ result: "valid", at: checked.body.checkedAt });

    stub.failModels(503);
    await check(jar);
    const again = await callRoute<{ apiKeys: { togetherAI: { lastCheck: { result: string } } } }>(apiKeysRoute, { jar });
    expect(again.body.apiKeys.togetherAI.lastCheck.result).toBe("unreachable");
  });

  it("refuses a check without a stored key, for another provider, signed out or cross-site", async () => {
    const { jar } = await signedInUser();
    expect((await check(jar)).body.error?.fields?.provider).toEqual(["There is no stored key to check; add one first"]);
    expect((await check(jar, { provider: "kestra" })).status).toBe(400);
    expect((await check(undefined)).status).toBe(401);
    expect((await check(jar, undefined, { origin: "https://evil.example" })).status).toBe(403);
    expect(stub.requests).toHaveLength(0);
  });
});

describe("saving a key: loose format rules per provider", () => {
  it.each([
    ["togetherAI", "tgp_v1_short", "at least 20 characters"],
    ["togetherAI", "tgp_v1_0123456789abcdef!@#", "only letters, digits, -, _ and ."],
    ["codeRabbit", "cr-0123456789", "at least 20 characters"],
    ["oumi", "oumi-key-0123456789:x", "only letters, digits, -, _ and ."],
    ["kestra", "kestra<0123456789abcdef>", "only letters, digits and - _ . ~ + / ="],
  ])("refuses a %s key %j: %s", async (provider, key, message) => {
    const { jar } = await signedInUser();
    const saved = await callRoute<{ error: { fields: Record<string, string[]> } }>(apiKeysRoute, { method: "POST", jar, json: { [provider]: key }, headers: ORIGIN });
    expect(saved.status).toBe(400);
    expect(saved.body.error.fields[provider]?.join(" ")).toContain(message);
    expect(saved.text).not.toContain(key);
  });

  it.each([
    ["togetherAI", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
    ["togetherAI", "tgp_v1_Abc.def-ghi_jkl.mnop"],
    ["codeRabbit", "cr-0123456789abcdefghij"],
    ["oumi", "oumi_0123456789abcd"],
    ["kestra", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln+/="],
  ])("accepts a %s key of a plausible shape", async (provider, key) => {
    const { jar } = await signedInUser();
    expect((await callRoute(apiKeysRoute, { method: "POST", jar, json: { [provider]: key }, headers: ORIGIN })).status).toBe(200);
  });
});
