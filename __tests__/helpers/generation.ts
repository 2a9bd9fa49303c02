import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as generateRoute from "@/pages/api/generate";
import { APP_ORIGIN, signedInUser, type CookieJar } from "./auth";
import { callRoute } from "./http";
import { rawCollection } from "./users";

/** A Together AI key in the vault's accepted format. */
export const TOGETHER_KEY = "tgp_v1_UserOwnKey-0123456789abcdefXYZ";

/** Stores `key` as the user's Together AI key through the vault's API. */
export async function saveTogetherKey(jar: CookieJar, key = TOGETHER_KEY): Promise<void> {
  const saved = await callRoute(apiKeysRoute, { method: "POST", jar, json: { togetherAI: key }, headers: { origin: APP_ORIGIN } });
  if (saved.status !== 200) throw new Error(`saveTogetherKey: ${saved.status} ${saved.text}`);
}

/** A signed-in user with a Together AI key stored. */
export async function userWithTogetherKey(key = TOGETHER_KEY) {
  const signedIn = await signedInUser();
  await saveTogetherKey(signedIn.jar, key);
  return signedIn;
}

/** `POST /api/generate` as a same-origin browser, read to the end. */
export function generate(jar: CookieJar | undefined, json: unknown, headers: Record<string, string> = { origin: APP_ORIGIN }) {
  return callRoute<{ error?: { code: string; message: string; fields?: Record<string, string[]> } }>(generateRoute, {
    method: "POST",
    jar,
    json,
    headers,
  });
}

/** The `generations` documents of a user, oldest first. */
export async function generationRecords(userId: unknown) {
  return (await rawCollection("generations")).find({ userId }).sort({ createdAt: 1, _id: 1 }).toArray();
}

/** Waits until the user has `count` generation records (the test's timeout bounds it): the last one is written as the stream ends. */
export async function waitForGenerationRecords(userId: unknown, count: number) {
  for (;;) {
    const records = await generationRecords(userId);
    if (records.length >= count) return records;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
