import { z } from "zod";
import { currentPasswordSchema } from "@/lib/passwords/shared";

/** What an account without an email address types to confirm its deletion. */
export const DELETE_WITHOUT_EMAIL = "DELETE";

/**
 * `DELETE /api/user`: `confirmEmail` is the account's address as typed (any
 * letter case; compared normalised), or DELETE_WITHOUT_EMAIL on an account
 * without one; `currentPassword` is required on an account with a password.
 */
export const accountDeletionSchema = z.strictObject({
  currentPassword: currentPasswordSchema.optional(),
  confirmEmail: z.string({ error: "Type your email address to confirm" }).max(320, "That is not your email address").trim().min(1, "Type your email address to confirm"),
});

export type AccountDeletionRequest = z.infer<typeof accountDeletionSchema>;
