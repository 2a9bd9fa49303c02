import "#server-only";
import type { DataAccess, Readable } from "@/lib/access";
import { getEnv } from "@/lib/core/env";
import { findPreset, type Preferences, type PreferencesUpdate } from "@/lib/generation/shared";
import { HttpError } from "@/lib/http";
import type { User } from "./repository";
import { ownId } from "@/lib/access/shared";

/**
 * The signed-in person's own account, read and changed through the data door
 * (lib/access), which applies the User policy to every call. Routes and
 * server-rendered pages use these; the repository's functions are for
 * sign-in, email links and the seed.
 */

/** A user as the door reads them: never the hash, the vault or a held prompt (the users policy's omitted fields). */
export type ReadableUser = Readable<User, "passwordHash" | "apiKeys" | "pendingPrompt">;

/** The user as reads show them, and whether the account has a password. */
type OwnUser = ReadableUser & { hasPassword: boolean };

/** The signed-in user, or null when the account is gone: one read, which also tells whether a hash is stored (never the hash). */
export async function findOwnUser(data: DataAccess): Promise<OwnUser | null> {
  const user = await data.users.findOne({ _id: ownId(data) }, { whetherSet: ["passwordHash"] });
  if (!user) return null;
  const { isSet, ...shown } = user;
  return { ...shown, hasPassword: isSet.passwordHash };
}

/**
 * The signed-in user with their password hash, to compare a typed password on
 * the server. 404 when the account is gone; 403 when the actor may see it but
 * not read its hash (an admin viewing as the user).
 */
export async function revealOwnPasswordHash(data: DataAccess): Promise<ReadableUser & Pick<User, "passwordHash">> {
  const id = ownId(data);
  const [user] = await data.users.reveal({ _id: id }, ["passwordHash"]);
  if (user) return user;
  throw (await data.users.findOne({ _id: id }, { select: ["_id"] })) ? HttpError.forbidden() : HttpError.accountNotFound();
}

/** Profile fields a user may change themselves. */
type ProfileUpdate = Partial<Pick<User, "name" | "image">>;

/** Applies a profile update; returns the user as now stored, or null when the account is gone. */
export async function updateUser(data: DataAccess, update: ProfileUpdate): Promise<OwnUser | null> {
  const set = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
  if (!(await data.users.updateOne({ _id: ownId(data) }, { $set: set }))) return null;
  return findOwnUser(data);
}

/** Preferences as stored, with the default of each one the user never set (limits as they are now). */
function preferencesOf(user: Pick<User, "preferences">): Preferences {
  const stored = user.preferences?.generation;
  const presets = (stored?.presets ?? []).map(({ name, text }) => ({ name, text }));
  const maxTokens = stored?.maxTokens ?? null;
  const defaultPreset = stored?.defaultPreset ? findPreset(presets, stored.defaultPreset)?.name ?? null : null;
  return {
    keepGenerationHistory: user.preferences?.keepGenerationHistory ?? true,
    generation: {
      temperature: stored?.temperature ?? null,
      // The limit may have been lowered since this was saved.
      maxTokens: maxTokens === null ? null : Math.min(maxTokens, getEnv().GENERATE_MAX_TOKENS),
      presets,
      defaultPreset,
    },
  };
}

/** The signed-in user's preferences; null when the account is gone. */
export async function getPreferences(data: DataAccess): Promise<Preferences | null> {
  const user = await data.users.findOne({ _id: ownId(data) }, { select: ["preferences"] });
  return user && preferencesOf(user);
}

/**
 * Stores the preferences given (each replaces the stored one); returns them
 * as now stored, or null when the account is gone. 400 for max tokens over
 * GENERATE_MAX_TOKENS or a default preset that is not among the presets.
 */
export async function updatePreferences(data: DataAccess, update: PreferencesUpdate): Promise<Preferences | null> {
  const { generation, ...rest } = update;
  const set: Record<string, unknown> = Object.fromEntries(Object.entries(rest).map(([name, value]) => [`preferences.${name}`, value]));
  if (generation) {
    const limit = getEnv().GENERATE_MAX_TOKENS;
    if (generation.maxTokens != null && generation.maxTokens > limit) {
      throw HttpError.invalidField("generation.maxTokens", `Use at most ${limit.toLocaleString("en")} tokens`);
    }
    const change = { ...generation };
    if (generation.defaultPreset != null) {
      const presets = generation.presets ?? (await getPreferences(data))?.generation.presets ?? [];
      const preset = findPreset(presets, generation.defaultPreset);
      if (!preset) throw HttpError.invalidField("generation.defaultPreset", "Choose a preset from the list");
      change.defaultPreset = preset.name;
    }
    for (const [name, value] of Object.entries(change)) if (value !== undefined) set[`preferences.generation.${name}`] = value;
  }
  const user = await data.users.updateOne({ _id: ownId(data) }, { $set: set });
  return user && preferencesOf(user);
}
