import { SIGN_IN_METHOD_NAMES, type SignInMethod } from "@/lib/accounts/shared";
import type { Role } from "@/lib/access/shared";
import { API_KEY_PROVIDER_LABELS, type ApiKeyProvider } from "@/lib/vault/shared";

/**
 * The audit trail's vocabulary (ASVS V7): what can happen to an account's
 * security, and how each event reads in plain words. Browser-safe: the model
 * validates against these lists and the Settings page shows the labels.
 */

export const AUTH_EVENT_TYPES = [
  "signin.succeeded",
  "signin.failed",
  "lockout",
  "signup",
  "signout",
  "password.changed",
  "session.revoked",
  "vault.key_added",
  "vault.key_replaced",
  "vault.key_removed",
  "account.linked",
  "account.unlinked",
  "account.reclaimed",
  "email.verified",
  "email.change_requested",
  "email.changed",
  "email.change_reverted",
  "password.reset_requested",
  "password.reset",
  "admin.role_changed",
  "admin.user_disabled",
  "admin.user_enabled",
  "admin.sessions_revoked",
  "impersonation.started",
  "impersonation.stopped",
  "two_factor.enabled",
  "two_factor.disabled",
  "two_factor.recovery_codes_regenerated",
  "two_factor.recovery_code_used",
  "two_factor.failed",
  "two_factor.locked",
  "passkey.added",
  "passkey.removed",
  "passkey.used",
  "admin.two_factor_reset",
  "account.deleted",
  "admin.user_deleted",
  "account.exported",
  "admin.models_changed",
] as const;
export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

/** Why a sign-in failed (`signin.failed`). */
export const SIGNIN_FAILURE_REASONS = [
  "bad_password",
  "locked",
  "disabled",
  "rate_limited",
  "unknown_account",
  "unverified_email",
  "email_not_verified",
  "passkey_counter",
] as const;
export type SigninFailureReason = (typeof SIGNIN_FAILURE_REASONS)[number];

/**
 * The second factor an event is about: an authenticator app's code, a
 * recovery code, or a passkey (`two_factor.failed`, and a sign-in's second step).
 */
export const SECOND_FACTORS = ["totp", "recovery-code", "passkey"] as const;
export type SecondFactor = (typeof SECOND_FACTORS)[number];

/** What a `lockout` locked: the account (every device), or one device. */
export const LOCKOUT_SCOPES = ["account", "device"] as const;
export type LockoutScope = (typeof LOCKOUT_SCOPES)[number];

/** What a `session.revoked` ended: one device, or every device but the one acting. */
export const REVOCATION_SCOPES = ["device", "others"] as const;
export type RevocationScope = (typeof REVOCATION_SCOPES)[number];

/** The longest reason an admin may give for an action (kept as the events' `note`). */
export const ADMIN_NOTE_MAX_LENGTH = 500;

/** How many events `GET /api/user/activity` answers with at most. */
export const AUTH_EVENTS_LIST_LIMIT = 50;

/**
 * The few facts an event carries beyond who, when and where. Only these
 * fields are ever stored (the model drops anything else), so no key,
 * password or email can ride along in `detail`; only `note` is free text,
 * typed by an admin.
 */
export interface AuthEventDetail {
  reason?: SigninFailureReason;
  scope?: LockoutScope | RevocationScope;
  /** How many devices a "sign out all other devices" ended. */
  count?: number;
  /** The vault entry changed: the provider's name only, never the key. */
  provider?: ApiKeyProvider;
  /** How someone signed in or signed up, or which sign-in provider was connected or disconnected. */
  method?: SignInMethod;
  /** An admin's action (`admin.*`, `impersonation.*`) is in both accounts' trails: this one's part in it. */
  side?: AdminActionSide;
  /** The other account of an admin's action: the user acted on, or the admin who acted. */
  counterpartId?: string;
  /** The role an admin gave (`admin.role_changed`). */
  role?: Role;
  /** An admin's reason for an action on an account (`admin.two_factor_reset`, `admin.user_deleted`), as they typed it. */
  note?: string;
  /** The second factor used or tried (a sign-in's second step, `two_factor.failed`, a re-authentication). */
  factor?: SecondFactor;
}

/** In whose trail an admin's action is: the admin's ("actor") or the account's it was done to ("subject"). */
export const ADMIN_ACTION_SIDES = ["actor", "subject"] as const;
export type AdminActionSide = (typeof ADMIN_ACTION_SIDES)[number];

/** Admin actions in plain words, from each side. */
const ADMIN_ACTION_WORDS = {
  "admin.user_disabled": { actor: "Disabled a user's account", subject: "An admin disabled the account" },
  "admin.user_enabled": { actor: "Enabled a user's account", subject: "An admin enabled the account" },
  "admin.sessions_revoked": { actor: "Signed a user out of every device", subject: "An admin signed the account out of every device" },
  "impersonation.started": { actor: "Started viewing KeyForge as a user", subject: "An admin started viewing the account as you (support)" },
  "impersonation.stopped": { actor: "Stopped viewing KeyForge as a user", subject: "An admin stopped viewing the account as you" },
  "admin.user_deleted": { actor: "Deleted a user's account", subject: "An admin deleted the account" },
  "admin.two_factor_reset": {
    actor: "Reset a user's two-step verification",
    subject: "An admin reset two-step verification and signed the account out of every device",
  },
} as const;

const FACTOR_WORDS: Record<SecondFactor, string> = {
  totp: "an authenticator code",
  "recovery-code": "a recovery code",
  passkey: "a passkey",
};

/** " (second step: a recovery code)", or nothing when the sign-in had no second step. */
function withSecondStep(detail: AuthEventDetail): string {
  return detail.factor && detail.method !== "passkey" ? ` (second step: ${FACTOR_WORDS[detail.factor]})` : "";
}

const FAILURE_WORDS: Record<SigninFailureReason, string> = {
  bad_password: "Failed sign-in: wrong password",
  locked: "Sign-in refused: sign-ins were locked",
  disabled: "Sign-in refused: the account is disabled",
  rate_limited: "Sign-in refused: too many attempts",
  unknown_account: "Failed sign-in: no such account",
  unverified_email: "Sign-in refused: a provider that had not verified this email",
  email_not_verified: "Sign-in refused: the email address is not confirmed yet",
  passkey_counter: "Sign-in refused: a passkey's counter went backwards (it may have been copied)",
};

/** " with GitHub", or nothing for the password (the usual way) and for events from before methods were recorded. */
function withMethod(detail: AuthEventDetail): string {
  return detail.method && detail.method !== "password" ? ` with ${SIGN_IN_METHOD_NAMES[detail.method]}` : "";
}

function providerName(detail: AuthEventDetail): string {
  return detail.provider ? API_KEY_PROVIDER_LABELS[detail.provider] : "an API";
}

/** The event in plain words, as the Settings page lists it: "Signed in", "Added a Together AI key". */
export function describeAuthEvent(type: AuthEventType, detail: AuthEventDetail = {}): string {
  switch (type) {
    case "signin.succeeded":
      return `Signed in${withMethod(detail)}${withSecondStep(detail)}`;
    case "signin.failed":
      return FAILURE_WORDS[detail.reason ?? "bad_password"];
    case "lockout":
      return detail.scope === "device"
        ? "Sign-ins from a device were locked after repeated failures"
        : "Sign-ins were locked after repeated failures";
    case "signup":
      return `Created the account${withMethod(detail)}`;
    case "signout":
      return "Signed out";
    case "password.changed":
      return "Changed the password";
    case "session.revoked":
      if (detail.scope !== "others") return "Signed out another device";
      return detail.count === 1 ? "Signed out 1 other device" : `Signed out ${detail.count ?? "all"} other devices`;
    case "vault.key_added":
      return `Added a ${providerName(detail)} key`;
    case "vault.key_replaced":
      return `Replaced the ${providerName(detail)} key`;
    case "vault.key_removed":
      return `Removed the ${providerName(detail)} key`;
    case "account.linked":
      return `Connected ${SIGN_IN_METHOD_NAMES[detail.method ?? "oidc"]}`;
    case "account.unlinked":
      return `Disconnected ${SIGN_IN_METHOD_NAMES[detail.method ?? "oidc"]}`;
    case "account.reclaimed":
      return detail.method === "password"
        ? "The email's verified owner reset the password: the connected accounts, API keys and history set up before were removed"
        : `The email's verified owner signed in${withMethod(detail)}: the password, connected accounts, API keys and history set up before were removed`;
    case "email.verified":
      return "Confirmed the email address";
    case "email.change_requested":
      return "Asked to change the email address";
    case "email.changed":
      return "Changed the email address";
    case "email.change_reverted":
      return "Undid an email change (\"This wasn't me\") and signed out every device";
    case "password.reset_requested":
      return "Asked for a password reset link";
    case "password.reset":
      return "Reset the password with an emailed link and signed out every device";
    case "admin.role_changed":
      return detail.side === "actor" ? `Made a user ${detail.role === "admin" ? "an admin" : "an ordinary user"}` : `An admin changed the role to ${detail.role ?? "another"}`;
    case "admin.user_disabled":
    case "admin.user_enabled":
    case "admin.sessions_revoked":
    case "impersonation.started":
    case "impersonation.stopped":
    case "admin.two_factor_reset":
    case "admin.user_deleted":
      return ADMIN_ACTION_WORDS[type][detail.side ?? "subject"];
    case "account.deleted":
      return "Deleted the account";
    case "account.exported":
      return "Downloaded a copy of the account's data";
    case "admin.models_changed":
      return "Changed the models on offer for code generation";
    case "two_factor.enabled":
      return "Turned on two-step verification";
    case "two_factor.disabled":
      return "Turned off two-step verification";
    case "two_factor.recovery_codes_regenerated":
      return "Made new recovery codes (the old ones stopped working)";
    case "two_factor.recovery_code_used":
      return "Used a recovery code";
    case "two_factor.failed":
      return `Failed second step: wrong ${detail.factor === "recovery-code" ? "recovery code" : detail.factor === "passkey" ? "passkey" : "authenticator code"}`;
    case "two_factor.locked":
      return "The second step was locked after repeated wrong codes";
    case "passkey.added":
      return "Added a passkey";
    case "passkey.removed":
      return "Removed a passkey";
    case "passkey.used":
      return "Used a passkey";
  }
}

/** Events a person should look at twice (shown with a warning mark). */
export function isWarningEvent(type: AuthEventType): boolean {
  return (
    type === "signin.failed" ||
    type === "lockout" ||
    type === "account.reclaimed" ||
    type === "email.change_reverted" ||
    type === "admin.user_disabled" ||
    type === "impersonation.started" ||
    type === "two_factor.disabled" ||
    type === "two_factor.failed" ||
    type === "two_factor.locked" ||
    type === "two_factor.recovery_code_used" ||
    type === "admin.two_factor_reset" ||
    type === "admin.user_deleted" ||
    type === "account.deleted"
  );
}

/** One row of `GET /api/user/activity`: never the email hash, never another user's event. */
export interface AuthEventView {
  id: string;
  type: AuthEventType;
  /** ISO 8601. */
  at: string;
  /** Plain words: "Signed in", "Removed the Kestra key". */
  description: string;
  /** "Firefox on Mac OS", or null when the request's User-Agent said nothing useful. */
  device: string | null;
  ip: string;
  /** The event came from the session making this request. */
  current: boolean;
  warning: boolean;
}

export interface AuthEventsResponse {
  events: AuthEventView[];
}
