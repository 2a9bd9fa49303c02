import { flushAuthEvents } from "@/lib/audit";
import type { DataExport } from "@/lib/account-export/shared";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { APP_ORIGIN, rewriteSessionToken, signedInUser, type CookieJar } from "../../../helpers/auth";
import { downloadExport, insertHistory } from "../../../helpers/data-export";
import { callRoute } from "../../../helpers/http";
import { addPasskey } from "../../../helpers/passkeys";
import { T0, adminViewingAs, holdClockAt, signedInWithTwoFactor } from "../../../helpers/two-factor";
import { rawCollection, usersCollection } from "../../../helpers/users";

/**
 * "Download your data" through the real route: every part of the account as
 * Settings shows it, the history decrypted, and no secret in the file, for
 * the owner only, after a recent sign-in, a few times an hour.
 */

beforeEach(() => holdClockAt(T0));
afterEach(() => jest.useRealTimers());

const KEYS = { codeRabbit: "cr-Secret-Vault-Value-0123456789", kestra: "kestra-Secret-Token-abcdef" };
const GITHUB_TOKENS = { access_token: "gho_AccessTokenNeverExported01", refresh_token: "ghr_RefreshTokenNeverExported", id_token: "eyJ.idtoken.never" };

async function storeKeys(jar: CookieJar) {
  const saved = await callRoute(apiKeysRoute, { method: "POST", jar, json: KEYS, headers: { origin: APP_ORIGIN } });
  expect(saved.status).toBe(200);
}

/** A user with every kind of data: password, GitHub link, two devices, TOTP, a passkey, keys, history with and without text. */
async function fullAccount() {
  const { user, jar, secret, recoveryCodes } = await signedInWithTwoFactor();
  const accounts = await rawCollection("accounts");
  await accounts.insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: `gh-${user.id}`, label: "octocat", ...GITHUB_TOKENS });
  const { view: passkey } = await addPasskey(jar, undefined, "Office key");
  await storeKeys(jar);
  await insertHistory(user._id, 3, (i) => (i === 1 ? null : { prompt: `prompt number ${i}`, answer: `answer number ${i}` }));
  return { user, jar, secret, recoveryCodes, passkey };
}

describe("GET /api/user/export", () => {
  it("answers a JSON attachment with every part of the account, field by field", async () => {
    const { user, jar, passkey } = await fullAccount();
    const response = await downloadExport(jar);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="keyforge-data-2026-12-06.json"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    const file = JSON.parse(response.text) as DataExport;
    expect(file.format).toBe("keyforge-export/1");
    expect(file.exportedAt).toBe(new Date(T0).toISOString());
    expect(file.profile).toEqual({
      id: user.id,
      name: expect.any(String),
      email: user.email,
      image: null,
      role: "user",
      createdAt: expect.any(String),
      hasPassword: true,
    });
    expect(file.email).toEqual({ email: user.email, emailVerified: expect.any(String), pendingEmail: null });
    // GitHub is not configured in the tests, so it is named by its id, as Settings names it.
    expect(file.connectedAccounts).toEqual([{ provider: "github", providerName: "github", label: "octocat", connectedAt: expect.any(String) }]);
    expect(file.devices).toEqual([expect.objectContaining({ current: true, ip: expect.any(String), createdAt: expect.any(String), lastSeenAt: expect.any(String) })]);
    expect(file.twoStepVerification).toEqual({ authenticatorApp: true, recoveryCodesLeft: 10 });
    expect(file.passkeys).toEqual([{ name: "Office key", createdAt: passkey.createdAt, lastUsedAt: null }]);
    expect(file.apiKeys).toEqual({
      togetherAI: null,
      oumi: null,
      codeRabbit: expect.objectContaining({ masked: expect.stringMatching(/^cr-S.*6789$/), updatedAt: expect.any(String) }),
      kestra: expect.objectContaining({ masked: expect.any(String), updatedAt: expect.any(String) }),
    });
    expect(file.preferences).toEqual({ keepGenerationHistory: true, generation: { temperature: null, maxTokens: null, presets: [], defaultPreset: null } });
    expect(Object.values(file.notices).every((on) => typeof on === "boolean")).toBe(true);
    expect(file.securityActivity.map((event) => event.type)).toEqual(expect.arrayContaining(["signin.succeeded", "two_factor.enabled", "passkey.added"]));
    expect(file.securityActivity[0]).toEqual({ type: expect.any(String), at: expect.any(String), description: expect.any(String), device: null, ip: expect.any(String), warning: expect.any(Boolean) });
    expect(file.generations).toEqual([
      expect.objectContaining({ model: "Qwen/Qwen2.5-Coder-32B-Instruct", language: "python", outcome: "completed", text: { prompt: "prompt number 0", answer: "answer number 0" } }),
      expect.objectContaining({ text: null, promptChars: 10, outputChars: 20, durationMs: 2_000 }),
      expect.objectContaining({ text: { prompt: "prompt number 2", answer: "answer number 2" } }),
    ]);
  });

  it("holds no secret: password hash, API keys, TOTP secret, recovery codes, passkey public key, provider or session tokens", async () => {
    const { user, jar, secret, recoveryCodes } = await fullAccount();
    const { text } = await downloadExport(jar);

    const stored = await (await usersCollection()).findOne({ _id: user._id });
    const hash = String(stored?.passwordHash);
    expect(hash).toMatch(/^\$2/);
    const [passkeyDoc] = await (await rawCollection("passkeys")).find({}).toArray();
    const publicKey = Buffer.from(passkeyDoc!.publicKey.buffer as Uint8Array);
    const secrets = [hash, user.password, ...Object.values(KEYS), secret, ...recoveryCodes, publicKey.toString("base64"), publicKey.toString("base64url"), ...Object.values(GITHUB_TOKENS), jar.header()];
    for (const value of secrets) expect(text).not.toContain(value);
    expect(text).not.toContain('"$2');
    expect(text).not.toMatch(/passwordHash|sessionToken|"iv"|"tag"/);
  });

  it("holds nothing of another account", async () => {
    const { jar } = await fullAccount();
    const other = await signedInUser({ email: "someone-else@example.com", name: "Someone Else" });
    await storeKeys(other.jar);
    await insertHistory(other.user._id, 2, () => ({ prompt: "the other person's prompt", answer: "the other person's answer" }));

    const { text } = await downloadExport(jar);
    expect(text).not.toMatch(/someone-else|Someone Else|other person's/);
    expect((JSON.parse(text) as DataExport).generations).toHaveLength(3);
  });

  it("is recorded in the account's security activity", async () => {
    const { user, jar } = await signedInUser();
    expect((await downloadExport(jar)).status).toBe(200);
    await flushAuthEvents();
    expect(await (await rawCollection("authEvents")).countDocuments({ userId: user._id, type: "account.exported" })).toBe(1);
  });

  it("answers 401 signed out", async () => {
    const response = await downloadExport();
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe("UNAUTHENTICATED");
  });

  it("asks for a recent sign-in as the other step-up actions do", async () => {
    const { jar } = await signedInUser();
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() - 11 * 60_000 }));
    const response = await downloadExport(jar);
    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe("REAUTH_REQUIRED");
    expect(response.headers.get("content-disposition")).toBeNull();
  });

  it("refuses an admin viewing as the user (it would hand them the decrypted history)", async () => {
    const { user } = await fullAccount();
    const viewing = await adminViewingAs(user.id);
    const response = await downloadExport(viewing);
    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe("FORBIDDEN");
    expect(response.text).not.toContain("prompt number");
  });

  it("allows DATA_EXPORTS_PER_HOUR downloads an hour, then 429 with Retry-After", async () => {
    const { jar } = await signedInUser();
    for (let i = 0; i < 3; i += 1) expect((await downloadExport(jar)).status).toBe(200);
    const refused = await downloadExport(jar);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toMatch(/3 times an hour/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    holdClockAt(T0 + 61 * 60_000);
    await rewriteSessionToken(jar, (token) => ({ ...token, authTime: Date.now() }));
    expect((await downloadExport(jar)).status).toBe(200);
  });
});
