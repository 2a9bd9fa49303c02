import { z } from "zod";
import { currentPasswordSchema } from "@/lib/passwords/shared";

/**
 * Two-step verification's rules and shapes, shared by the API, the sign-in's
 * second step and the Settings page. Browser-safe.
 */

/** Recovery codes made at a time; Settings warns when RECOVERY_CODES_LOW or fewer are left. */
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODES_LOW = 3;

/** A pending sign-in (after the password or a provider, before the second step) lives this long. */
export const PENDING_SIGN_IN_SECONDS = 10 * 60;

/** Wrong codes one pending sign-in (or one re-authentication) may take before it is used up. */
export const MAX_WRONG_CODES_PER_CHALLENGE = 5;

/** Wrong codes for one account within SECOND_STEP_LOCK_SECONDS that lock its second step for as long again. */
export const MAX_WRONG_CODES_PER_ACCOUNT = 10;
export const SECOND_STEP_LOCK_SECONDS = 15 * 60;

/** An authenticator app's code: six digits, typed with or without a space in the middle. */
export const totpCodeSchema = z
  .string("Enter the 6-digit code from your authenticator app")
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"));

/**
 * A recovery code: 16 base32 letters and digits (80 bits), shown as four
 * groups of four; typed in any case, with or without the dashes and spaces.
 */
export const recoveryCodeSchema = z
  .string("Enter one of your recovery codes")
  .max(64, "Enter one of your recovery codes")
  .transform((value) => value.replace(/[\s-]/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{16}$/, "Enter one of your recovery codes, like abcd-efgh-ijkl-mnop"));

/** `POST /api/user/two-factor/totp/confirm`: the code that proves the app holds the new secret. */
export const totpConfirmSchema = z.object({ code: totpCodeSchema });

/**
 * `DELETE /api/user/two-factor/totp`: the current code of the app, or the
 * account's password (a lost phone); exactly one of them.
 */
export const totpDisableSchema = z
  .object({ code: totpCodeSchema.optional(), currentPassword: currentPasswordSchema.optional() })
  .refine((body) => (body.code === undefined) !== (body.currentPassword === undefined), {
    message: "Enter the code from your authenticator app, or your password",
    path: ["code"],
  });

export type TotpDisable = z.infer<typeof totpDisableSchema>;

/** One passkey as Settings lists it. */
export interface PasskeyView {
  /** The credential's id (base64url), the `:id` of `/api/user/passkeys/:id`. */
  id: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null before its first use. */
  lastUsedAt: string | null;
}

/** `GET /api/user/two-factor`. */
export interface TwoFactorOverview {
  totp: { enabled: boolean };
  recoveryCodesLeft: number;
  passkeys: PasskeyView[];
}

/** `POST /api/user/two-factor/totp`: what the authenticator app needs (the QR code encodes `otpauthUrl`). */
export interface TotpSetupResponse {
  secret: string;
  otpauthUrl: string;
}

/** `POST /api/user/two-factor/totp/confirm` and `POST /api/user/two-factor/recovery-codes`: shown once. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}
