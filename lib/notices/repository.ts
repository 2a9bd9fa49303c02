import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { UserModel } from "@/models/User";
import type { NoticeSettings, NoticeSettingsUpdate } from "./shared";

/**
 * Notices' data access: who a notice goes to, and which optional notices they
 * want. Reads and writes only these fields of the user, by id.
 */

interface NoticeRecipient {
  email: string | null;
  name: string | null;
  disabled: boolean;
  settings: NoticeSettings;
}

type StoredSettings = Partial<Record<keyof NoticeSettings, boolean>> | undefined;

/** Every optional notice is on until its owner turns it off. */
function withDefaults(stored: StoredSettings): NoticeSettings {
  return { newSignIn: stored?.newSignIn ?? true, apiKeyAdded: stored?.apiKeyAdded ?? true };
}

export async function findNoticeRecipient(userId: string): Promise<NoticeRecipient | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const user = await UserModel.findById(userId).select("email name disabledAt preferences.notices").lean().exec();
  if (!user) return null;
  return {
    email: user.email ?? null,
    name: user.name ?? null,
    disabled: Boolean(user.disabledAt),
    settings: withDefaults(user.preferences?.notices),
  };
}

/** Stores the changed settings; returns them all as now stored, or null when there is no such user. */
export async function updateNoticeSettings(userId: string, update: NoticeSettingsUpdate): Promise<NoticeRecipient | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const set = Object.fromEntries(Object.entries(update).map(([notice, on]) => [`preferences.notices.${notice}`, on]));
  const result = await UserModel.updateOne({ _id: userId }, { $set: set }).exec();
  return result.matchedCount === 1 ? findNoticeRecipient(userId) : null;
}
