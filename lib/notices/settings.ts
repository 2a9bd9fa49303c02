import "#server-only";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { RECIPIENT_FIELDS, toRecipient, type NoticeRecipient } from "./repository";
import type { NoticeSettingsUpdate } from "./shared";

/** The signed-in user's notice settings, through the data door (lib/access). */

/** Which optional notices the user gets, and where; null when the account is gone. */
export async function getNoticeSettings(data: DataAccess): Promise<NoticeRecipient | null> {
  const user = await data.users.findOne({ _id: ownId(data) }, { select: RECIPIENT_FIELDS });
  return user && toRecipient(user);
}

/** Stores the changed settings; returns them all as now stored, or null when the account is gone. */
export async function updateNoticeSettings(data: DataAccess, update: NoticeSettingsUpdate): Promise<NoticeRecipient | null> {
  const set = Object.fromEntries(Object.entries(update).map(([notice, on]) => [`preferences.notices.${notice}`, on]));
  const user = await data.users.updateOne({ _id: ownId(data) }, { $set: set });
  return user && toRecipient(user);
}
