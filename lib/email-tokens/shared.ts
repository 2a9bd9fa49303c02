/**
 * The links KeyForge sends by email, and how long each stays valid.
 * Browser-safe: the pages that open a link name its purpose and lifetime.
 */

/** What a link can be for. */
export const EMAIL_LINK_PURPOSES = ["verify-email", "reset-password", "change-email", "revert-email-change"] as const;
export type EmailLinkPurpose = (typeof EMAIL_LINK_PURPOSES)[number];

/**
 * Every kind of secret the store keeps: the links, and the 6-digit code that
 * the verification mail carries next to its link (typed in while signed in).
 */
export const EMAIL_TOKEN_PURPOSES = [...EMAIL_LINK_PURPOSES, "verify-email-code"] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

const HOUR_SECONDS = 60 * 60;

/**
 * Kinds of link of which only the newest per user works. Undo links are not
 * among them: the notice of a change's request and that of the change itself
 * each keep a working "This wasn't me".
 */
export const REPLACED_BY_NEWER: ReadonlySet<EmailTokenPurpose> = new Set(["verify-email", "reset-password", "change-email", "verify-email-code"]);

/** Seconds each kind of link stays valid. */
export const EMAIL_TOKEN_LIFETIME_SECONDS: Record<EmailTokenPurpose, number> = {
  "verify-email": 24 * HOUR_SECONDS,
  "reset-password": HOUR_SECONDS,
  "change-email": 24 * HOUR_SECONDS,
  // "This wasn't me" must still work when the owner reads their mail days later.
  "revert-email-change": 7 * 24 * HOUR_SECONDS,
  // Six digits are guessable given time: a code lives 10 minutes and allows EMAIL_CODE_MAX_TRIES.
  "verify-email-code": 10 * 60,
};

/** "24 hours", "1 hour", "7 days", "10 minutes", as the mails say it. */
export function lifetimeInWords(purpose: EmailTokenPurpose): string {
  const seconds = EMAIL_TOKEN_LIFETIME_SECONDS[purpose];
  if (seconds < HOUR_SECONDS) return `${seconds / 60} minutes`;
  const hours = seconds / HOUR_SECONDS;
  if (hours % 24 === 0 && hours > 24) return `${hours / 24} days`;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** The page each kind of link opens (with `?token=`). */
export const EMAIL_LINK_PAGES: Record<EmailLinkPurpose, string> = {
  "verify-email": "/auth/verify-email",
  "reset-password": "/auth/reset-password",
  "change-email": "/auth/confirm-email",
  "revert-email-change": "/auth/revert-email-change",
};

/** A link's secret as it appears in the URL: 32 random bytes, base64url (43 characters). */
export const EMAIL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Why a link cannot be used: it expired; no such link is stored ("invalid":
 * already used, replaced by a newer one, or expired and swept away); or what
 * was opened is not the shape of a link at all ("malformed": cut short when
 * copied, or wrapped by a mail app).
 */
export type EmailTokenProblem = "expired" | "invalid" | "malformed";

/** What a page or an API error says about each, in plain words, before what to do next. */
export const EMAIL_LINK_PROBLEM_MESSAGES: Record<EmailTokenProblem, string> = {
  expired: "This link has expired.",
  invalid: "This link was already used, or a newer one was sent (only the newest one works).",
  malformed: "This link is not valid: it may have been copied incompletely. Open it again from the email, or copy all of it.",
};

/** A verification code as typed: six digits (spaces and dashes, as a paste may bring them, are dropped first). */
export const EMAIL_CODE_PATTERN = /^\d{6}$/;

/** Wrong tries a code allows; after the last one it no longer works and a new one must be sent. */
export const EMAIL_CODE_MAX_TRIES = 5;
