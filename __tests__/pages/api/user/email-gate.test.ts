import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { APP_ORIGIN, CookieJar, getSession, jarForUser, signedInUser } from "../../../helpers/auth";
import { generate, TOGETHER_KEY } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { usersCollection } from "../../../helpers/users";

/**
 * Storing an API key and generating need a verified address: 403
 * EMAIL_NOT_VERIFIED with the way to verify, read from the database (not the
 * session), so verifying counts at once. Removing a key never needs it.
 */
const ORIGIN = { origin: APP_ORIGIN };

interface Answer {
  apiKeys?: Record<string, unknown>;
  error?: { code: string; message: string };
}

function storeKeys(jar: CookieJar, json: unknown) {
  return callRoute<Answer>(apiKeysRoute, { method: "POST", jar, json, headers: ORIGIN });
}

async function verify(id: unknown) {
  await (await usersCollection()).updateOne({ _id: id as never }, { $set: { emailVerified: new Date() } });
}

describe("the verified-email gate", () => {
  it("refuses to store a key for an unverified address, saying how to verify; removing one is allowed", async () => {
    const { user, jar } = await signedInUser({ email: "ursula@example.com", verified: false });

    const refused = await storeKeys(jar, { togetherAI: TOGETHER_KEY });

    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "EMAIL_NOT_VERIFIED",
      message: "Verify your email first: enter the code we sent to u…@example.com, or send a new one from Settings.",
    });
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.apiKeys).toBeUndefined();
    expect((await storeKeys(jar, { togetherAI: null })).status).toBe(200);
  });

  it("lets the key in as soon as the address is verified, without waiting for the session to be re-read", async () => {
    const { user, jar } = await signedInUser({ verified: false });
    expect((await getSession(jar))?.user.emailVerified).toBe(false);
    await verify(user._id);

    const stored = await storeKeys(jar, { togetherAI: TOGETHER_KEY });

    expect(stored.status).toBe(200);
    expect(stored.body.apiKeys?.togetherAI).toMatchObject({ masked: expect.any(String) });
  });

  it("refuses to generate for an unverified address (403) and lets a verified one through to the next check", async () => {
    const { user, jar } = await signedInUser({ verified: false });

    const refused = await generate(jar, { prompt: "Write hello world", language: "python" });

    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.code).toBe("EMAIL_NOT_VERIFIED");
    await verify(user._id);
    // Verified, with no key stored: the next rule answers.
    const next = await generate(jar, { prompt: "Write hello world", language: "python" });
    expect(JSON.parse(next.text).error.code).toBe("NO_API_KEY");
  });

  it("asks an account without any email to add and confirm one", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({ name: "No Mail", emailVerified: null, role: "user", sessionVersion: 0 });
    const jar = await jarForUser(insertedId.toString());
    expect((await getSession(jar))?.user).toMatchObject({ email: null, emailVerified: false });

    const refused = await storeKeys(jar, { oumi: "oumi-key-0123456789abcdef" });

    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("EMAIL_NOT_VERIFIED");
    expect(refused.body.error?.message).toMatch(/^Add an email address in Settings and confirm it first/);
    expect(JSON.parse((await generate(jar, { prompt: "Write hello world", language: "python" })).text).error.code).toBe("EMAIL_NOT_VERIFIED");
  });
});
