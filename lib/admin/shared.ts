import { z } from "zod";
import { ROLES, type Role } from "@/lib/access/shared";
import { OAUTH_PROVIDER_IDS, type SignInMethod } from "@/lib/accounts/shared";
import { ADMIN_NOTE_MAX_LENGTH, type AuthEventView } from "@/lib/audit/shared";
import { objectIdParamSchema } from "@/lib/http/shared";
import { OUTBOX_ID_PATTERN, type DeadMail, type OutboxCounts } from "@/lib/mail/shared";
import type { DeviceSessionView } from "@/lib/sessions/shared";

/**
 * The admin console's API shapes, shared by the server and the browser:
 * `GET /api/admin/users`, `GET|PATCH /api/admin/users/:id`, and the actions on a user.
 */

/** Rows per page when the request names none, and the most it may ask for. */
export const ADMIN_USERS_DEFAULT_LIMIT = 20;
const ADMIN_USERS_MAX_LIMIT = 100;

/** Longest search text accepted (an email is at most 254 characters). */
const QUERY_MAX_LENGTH = 254;

/** Longest reason kept with a disabled account. */
export const DISABLE_REASON_MAX_LENGTH = 500;

/** How long an admin may view the product as another user before the session ends by itself. */
export const IMPERSONATION_MAX_SECONDS = 60 * 60;

const positiveInt = (name: string, max?: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} starts at 1`)
    .max(max ?? Number.MAX_SAFE_INTEGER, `${name} is at most ${max}`);

/** The user list's orders: by when the account was made, when it last signed in, or by name. */
export const ADMIN_USER_SORTS = ["created", "last-sign-in", "name"] as const;
export type AdminUserSort = (typeof ADMIN_USER_SORTS)[number];
const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Each sort's order when none is asked for: the newest (or most recent) first, names A to Z. */
export const DEFAULT_ORDER: Record<AdminUserSort, SortOrder> = { created: "desc", "last-sign-in": "desc", name: "asc" };

/** The list's filters, each a choice of one value (absent: any). */
const ADMIN_USER_STATUSES = ["active", "disabled"] as const;
const YES_NO = ["yes", "no"] as const;
/**
 * The sign-in methods the list filters by, as the tuple an enum needs: the
 * password and each provider, which the users' and accounts' documents say.
 * Not "passkey": a user's passkeys are counted on their own page (`secondFactors`);
 * not "email": any account with an address can sign in by a link, so it would filter nothing.
 */
export const ADMIN_USER_METHODS = ["password", ...OAUTH_PROVIDER_IDS] as const satisfies readonly SignInMethod[];

/**
 * One of `values`, from one query parameter. Empty means "any" (a GET form's
 * "Any" option sends `role=`), so it is absent; a repeated parameter is refused.
 */
const choice = <const Values extends readonly [string, ...string[]]>(values: Values, message: string) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.enum(values, { error: message }).optional());

/**
 * `GET /api/admin/users?query=&role=&status=&verified=&method=&sort=&order=&page=&limit=`:
 * the page is 1-based; a limit over 100 is capped, not refused. Every other
 * value outside its list is refused (400, by field).
 */
export const adminUsersQuerySchema = z.object({
  query: z
    .string({ error: "Search with one piece of text" })
    .max(QUERY_MAX_LENGTH, "Search with at most 254 characters")
    .transform((value) => value.normalize("NFKC").trim())
    .default(""),
  role: choice(ROLES, "role is user or admin"),
  status: choice(ADMIN_USER_STATUSES, "status is active or disabled"),
  verified: choice(YES_NO, "verified is yes or no"),
  method: choice(ADMIN_USER_METHODS, `method is one of ${ADMIN_USER_METHODS.join(", ")}`),
  sort: choice(ADMIN_USER_SORTS, "sort is created, last-sign-in or name").transform((sort) => sort ?? "created"),
  /** Absent: the sort's own default order (DEFAULT_ORDER). */
  order: choice(SORT_ORDERS, "order is asc or desc"),
  page: positiveInt("page").default(1),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit starts at 1")
    .transform((limit) => Math.min(limit, ADMIN_USERS_MAX_LIMIT))
    .default(ADMIN_USERS_DEFAULT_LIMIT),
});

export type AdminUsersQuery = z.infer<typeof adminUsersQuerySchema>;

/** A user id in a path. */
export const adminUserIdSchema = objectIdParamSchema("Not a user id");

/**
 * `PATCH /api/admin/users/:id`: change the role, disable (a reason is
 * required) or enable. At least one change.
 */
export const adminUserPatchSchema = z
  .strictObject({
    role: z.enum(ROLES, { error: "Choose user or admin" }).optional(),
    disabled: z.boolean({ error: "disabled is true or false" }).optional(),
    reason: z
      .string({ error: "Enter a reason" })
      .transform((value) => value.normalize("NFKC").trim())
      .pipe(z.string().max(DISABLE_REASON_MAX_LENGTH, `Use at most ${DISABLE_REASON_MAX_LENGTH} characters`))
      .optional(),
  })
  .superRefine((patch, ctx) => {
    if (patch.role === undefined && patch.disabled === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "Change the role, or disable or enable the account" });
    }
    if (patch.disabled === true && !patch.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why the account is disabled" });
    }
    if (patch.disabled !== true && patch.reason !== undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "A reason goes with disabling an account" });
    }
  });

export type AdminUserPatch = z.infer<typeof adminUserPatchSchema>;

/** An admin's reason for an action on an account, as the audit trail keeps it: required, trimmed, at most ADMIN_NOTE_MAX_LENGTH. */
function adminReasonSchema(missing: string) {
  return z
    .string({ error: missing })
    .transform((value) => value.normalize("NFKC").trim())
    .pipe(z.string().min(1, missing).max(ADMIN_NOTE_MAX_LENGTH, `Use at most ${ADMIN_NOTE_MAX_LENGTH} characters`));
}

/**
 * `POST /api/admin/users/:id/reset-two-factor`: removes the user's
 * authenticator app, recovery codes and passkeys, and ends their sessions,
 * for a support case (a lost phone). The reason is required and kept in the audit trail.
 */
export const adminTwoFactorResetSchema = z.strictObject({ reason: adminReasonSchema("Say why two-step verification is reset") });

export type AdminTwoFactorReset = z.infer<typeof adminTwoFactorResetSchema>;

/** A user's second factors, as their page in the console shows them. */
export interface AdminSecondFactors {
  /** An authenticator app is confirmed: sign-ins by password or provider take a second step. */
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  passkeys: number;
}

/** One row of the user list. Dates are ISO 8601. */
export interface AdminUserSummary {
  id: string;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
  role: Role;
  /** How the user can sign in: "password" and each connected provider. */
  providers: SignInMethod[];
  createdAt: string;
  /**
   * The last successful sign-in, or null: never, or not since sign-ins were
   * recorded on the account and none within the audit trail's retention then.
   */
  lastSignInAt: string | null;
  disabled: boolean;
}

export interface AdminUsersResponse {
  users: AdminUserSummary[];
  total: number;
  page: number;
  limit: number;
  /** The order applied (`order` is the sort's default when none was asked for). */
  sort: AdminUserSort;
  order: SortOrder;
}

/** Generations by how they ended, and the characters sent and received. */
export interface AdminUsageTotals {
  generations: number;
  completed: number;
  failed: number;
  promptChars: number;
  outputChars: number;
}

/** `GET /api/admin/users/:id` and the answer to every action on a user. */
export interface AdminUserDetail {
  /** No picture: a link the user chose, loaded by an admin's browser, would tell them when and from where an admin looked. */
  user: AdminUserSummary & {
    disabledAt: string | null;
    disabledReason: string | null;
  };
  /** Live devices, most recently active first (impersonation sessions are marked, not hidden, here). */
  devices: (Omit<DeviceSessionView, "current"> & { impersonatedBy: string | null })[];
  /** The most recent audit events, newest first. */
  events: Omit<AuthEventView, "current">[];
  usage: AdminUsageTotals;
  secondFactors: AdminSecondFactors;
}

/** `POST /api/admin/users/:id/revoke-sessions`. */
export interface AdminRevokeSessionsResponse {
  revoked: number;
}

/** `POST /api/admin/users/:id/impersonate`: the session cookie now views the product as the user; go here. */
export interface ImpersonationStartResponse {
  redirectTo: string;
  /** ISO 8601: when the view-as session ends by itself. */
  endsAt: string;
}

/** `DELETE /api/impersonation`: the admin's own session is back (or, if it ended meanwhile, none). */
export interface ImpersonationStopResponse {
  redirectTo: string;
}

/** `DELETE /api/admin/users/:id`: deletes the account (lib/account-deletion), with a reason kept in both audit trails. */
export const adminUserDeleteSchema = z.strictObject({ reason: adminReasonSchema("Say why the account is deleted") });

export type AdminUserDelete = z.infer<typeof adminUserDeleteSchema>;

/** A dead mail's id in a path (`POST /api/admin/mail/:id/retry`). */
export const adminMailIdSchema = z.object({ id: z.string().regex(OUTBOX_ID_PATTERN, "Not a mail id") });

/** The console's mail page: mails given up after their last retry, and how the outbox stands. */
export type AdminMailOverview = {
  deadMails: DeadMail[];
  counts: OutboxCounts;
};
