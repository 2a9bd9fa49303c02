import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { decryptSecret, DecryptionError, encryptSecret } from "@/lib/core/crypto";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { claimOnce } from "@/lib/rate-limit";
import { getApiKeys, getApiKeysAndPendingPrompt } from "@/lib/vault";
import type { ApiKeysResponse } from "@/lib/vault/shared";

/**
 * A prompt posted from the start page to /generate, held for the person
 * until /generate takes it (post, redirect, get: a reload never posts it
 * again, and it never appears in a URL). It lives on the user's own document
 * (`pendingPrompt`, one at a time, a newer one replaces it), encrypted like
 * history text and bound to its owner, and expires after PENDING_PROMPT_TTL
 * (checked on read: FerretDB has no TTL indexes). Taking it is a claim
 * on its IV (`claimOnce`), so it is handed out once. /generate reads it with
 * the vault in one read of the user (generatePageArrival).
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

/** A held prompt as stored: sealed as decryptSecret opens it, with its expiry. */
type HeldPrompt = Parameters<typeof decryptSecret>[0] & { expiresAt: Date };

/** The held prompt's text; null when it expired or no longer decrypts. */
function openPendingPrompt(held: HeldPrompt, userId: string): string | null {
  if (held.expiresAt.getTime() <= Date.now()) return null;
  try {
    return decryptSecret(held, binding(userId), getEnv().ENCRYPTION_KEYS);
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/**
 * Takes the held prompt: removes it (only that one: a newer post is left
 * held), and returns it only to the one request whose claim on its IV won
 * (two tabs loading /generate at once cannot both start it). An expired
 * one is removed too, and not returned.
 */
async function takePendingPrompt(data: DataAccess, held: HeldPrompt, prompt: string | null): Promise<string | null> {
  const taken = prompt !== null && (await claimOnce(`pending-prompt:${held.iv}`, PENDING_PROMPT_TTL_MS / 1000));
  await data.users.updateOne({ _id: ownId(data), "pendingPrompt.iv": held.iv }, { $unset: { pendingPrompt: "" } });
  return taken ? prompt : null;
}

/** What /generate shows as it loads: the user's keys (masked) and a held prompt, with whether to start it at once. */
interface GeneratePageArrival {
  /** Null when the account is gone or the database is unreachable (the page's key part then loads in the browser). */
  apiKeys: ApiKeysResponse["apiKeys"] | null;
  pending: { prompt: string; autoStart: boolean } | null;
}

/**
 * What /generate reads as it loads, in one read of the user: the vault,
 * masked, and the held prompt. With a Together AI key stored, the prompt is
 * taken to start at once; without one, it is shown and left held (the
 * person adds a key, then "Generate now" comes back for it). It writes only
 * when a prompt is held. No prompt (and only the vault is read) for an
 * admin viewing as the user (theirs to start, not the admin's) or when
 * `takePrompt` is false (a refused post is on screen); nothing while the
 * database is unreachable (the page still renders).
 */
export async function generatePageArrival(data: DataAccess, takePrompt: boolean): Promise<GeneratePageArrival> {
  try {
    if (!takePrompt || data.actor?.impersonatedBy) return { apiKeys: await getApiKeys(data), pending: null };
    const read = await getApiKeysAndPendingPrompt(data);
    if (!read?.pendingPrompt) return { apiKeys: read?.apiKeys ?? null, pending: null };
    const held = read.pendingPrompt;
    const prompt = openPendingPrompt(held, ownId(data));
    if (!read.apiKeys.togetherAI?.masked) return { apiKeys: read.apiKeys, pending: prompt === null ? null : { prompt, autoStart: false } };
    const taken = await takePendingPrompt(data, held, prompt);
    return { apiKeys: read.apiKeys, pending: taken === null ? null : { prompt: taken, autoStart: true } };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { apiKeys: null, pending: null };
    throw error;
  }
}
