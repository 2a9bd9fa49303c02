import "#server-only";
import { Types } from "mongoose";
import { connectToDatabase } from "@/lib/core/db";
import { UserModel, type User } from "@/models/User";
import type { NoticeSettings } from "./shared";

/**
 * Notices' data access: who a notice goes to, and which optional notices they
 * want. Reads only these fields of the user, by id. Settings' own reads and
 * writes go through the data door (settings.ts).
 */

export interface NoticeRecipient {
  email: string | null;
  name: string | null;
  /** Whether the address is verified: mails greet by name only then (lib/mail/templates.ts). */
  verified: boolean;
  disabled: boolean;
  settings: NoticeSettings;
}

/** The fields a recipient is made of, as a projection. */
export const RECIPIENT_FIELDS = ["email", "emailVerified", "name", "disabledAt", "preferences.notices"];

/** A user's notice recipient: every optional notice is on until its owner turns it off. */
export function toRecipient(user: Pick<User, "email" | "emailVerified" | "name" | "disabledAt" | "preferences">): NoticeRecipient {
  const stored = user.preferences?.notices;
  return {
    email: user.email ?? null,
    name: user.name ?? null,
    verified: Boolean(user.emailVerified),
    disabled: Boolean(user.disabledAt),
    settings: { newSignIn: stored?.newSignIn ?? true, apiKeyAdded: stored?.apiKeyAdded ?? true },
  };
}

/** Who a notice about `userId`'s account goes to, or null when there is no such user. */
export async function findNoticeRecipient(userId: string): Promise<NoticeRecipient | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  await connectToDatabase();
  const user = await UserModel.findById(userId).select(RECIPIENT_FIELDS.join(" ")).lean().exec();
  return user && toRecipient(user);
}
