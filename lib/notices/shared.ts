import { z } from "zod";

/**
 * Security notices: emails about changes to an account. Those about how the
 * account signs in (password, email, connected providers) are always sent;
 * these two can be turned off in Settings → Email notices. Browser-safe.
 */
export const OPTIONAL_NOTICES = ["newSignIn", "apiKeyAdded"] as const;
export type OptionalNotice = (typeof OPTIONAL_NOTICES)[number];

export const OPTIONAL_NOTICE_LABELS: Record<OptionalNotice, { label: string; description: string }> = {
  newSignIn: {
    label: "New sign-ins",
    description: "When your account is signed in to from a browser that has not signed in before.",
  },
  apiKeyAdded: {
    label: "API keys added",
    description: "When a key is added to your vault.",
  },
};

/** The notices that are always sent, as Settings lists them. */
export const ALWAYS_SENT_NOTICES = "Password changes, email changes, and connected or disconnected sign-in providers";

export type NoticeSettings = Record<OptionalNotice, boolean>;

/** `PATCH /api/user/notices`: any of the optional notices, on or off. */
export const noticeSettingsUpdateSchema = z
  .strictObject({
    newSignIn: z.boolean("Choose on or off").optional(),
    apiKeyAdded: z.boolean("Choose on or off").optional(),
  })
  .refine((update) => Object.keys(update).length > 0, "Send at least one setting");
export type NoticeSettingsUpdate = z.infer<typeof noticeSettingsUpdateSchema>;

/** `GET` and `PATCH /api/user/notices`. */
export interface NoticeSettingsResponse {
  notices: NoticeSettings;
  /** Where they are sent, or null when the account has no email (then none are). */
  email: string | null;
}
