import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { decryptSecret, DecryptionError, encryptSecret } from "@/lib/core/crypto";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { claimOnce } from "@/lib/rate-limit";
import { getApiKeys } from "@/lib/vault";

/**
 * A prompt posted from the start page to /generate, held for the person
 * until /generate takes it (post, redirect, get: a reload never posts it
 * again, and it never appears in a URL). It lives on the user's own document
 * (`pendingPrompt`, one at a time, a newer one replaces it), encrypted like
 * history text and bound to its owner, and expires after PENDING_PROMPT_TTL
 * (checked on read: FerretDB has no TTL indexes). Taking it is a claim
 * on its IV (`claimOnce`), so it is handed out once.
 */

/** Long enough to add a key in Settings first and come back with "Generate now". */
const PENDING_PROMPT_TTL_MS = 30 * 60 * 1000;

function binding(userId: string): string {
  return `user:${userId}/pending-prompt`;
}

/** Holds `prompt` for the signed-in user (403 for an admin viewing as them). */
export async function holdPendingPrompt(data: DataAccess, prompt: string): Promise<void> {
  const userId = ownId(data);
  const sealed = encryptSecret(prompt, binding(userId), getEnv().ENCRYPTION_KEYS);
  const pendingPrompt = { ...sealed, expiresAt: new Date(Date.now() + PENDING_PROMPT_TTL_MS) };
  await data.users.updateOne({ _id: userId }, { $set: { pendingPrompt } });
}

/** The held prompt and the IV that names it; null when none is held, it expired, or it no longer decrypts. */
async function readPendingPrompt(data: DataAccess): Promise<{ prompt: string; iv: string } | null> {
  const userId = ownId(data);
  const [user] = await data.users.reveal({ _id: userId }, ["pendingPrompt"]);
  const held = user?.pendingPrompt;
  if (!held || held.expiresAt.getTime() <= Date.now()) return null;
  try {
    return { prompt: decryptSecret(held, binding(userId), getEnv().ENCRYPTION_KEYS), iv: held.iv };
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/** The held prompt, left held (the person has no key yet: it waits for "Generate now"). */
async function peekPendingPrompt(data: DataAccess): Promise<string | null> {
  return (await readPendingPrompt(data))?.prompt ?? null;
}

/**
 * Takes the held prompt: removes it, and returns it only to the one request
 * whose claim on it won (two tabs loading /generate at once cannot both start
 * it). An expired one is removed too, and not returned.
 */
async function takePendingPrompt(data: DataAccess): Promise<string | null> {
  const held = await readPendingPrompt(data);
  const userId = ownId(data);
  if (!held) {
    await data.users.updateOne({ _id: userId }, { $unset: { pendingPrompt: "" } });
    return null;
  }
  const taken = await claimOnce(`pending-prompt:${held.iv}`, PENDING_PROMPT_TTL_MS / 1000);
  await data.users.updateOne({ _id: userId, "pendingPrompt.iv": held.iv }, { $unset: { pendingPrompt: "" } });
  return taken ? held.prompt : null;
}

/**
 * What /generate does with a held prompt as it loads: with a Together AI key
 * stored, takes it to start at once; without one, shows it and leaves it held
 * (the person adds a key, then "Generate now" comes back for it). Nothing for
 * an admin viewing as the user (theirs to start, not the admin's), or while
 * the database is unreachable (the page still renders).
 */
export async function pendingPromptOnArrival(data: DataAccess): Promise<{ prompt: string; autoStart: boolean } | null> {
  if (data.actor?.impersonatedBy) return null;
  try {
    const keys = await getApiKeys(data);
    if (!keys?.togetherAI?.masked) {
      const prompt = await peekPendingPrompt(data);
      return prompt === null ? null : { prompt, autoStart: false };
    }
    const prompt = await takePendingPrompt(data);
    return prompt === null ? null : { prompt, autoStart: true };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
