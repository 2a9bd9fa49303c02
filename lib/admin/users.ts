import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { signInMethodsOf } from "@/lib/accounts";
import { authEventCutoff, authEventView } from "@/lib/audit";
import { countPasskeys } from "@/lib/passkeys";
import { deviceView, liveAt } from "@/lib/sessions";
import { twoFactorStateOf } from "@/lib/two-factor";
import type { ReadableUser } from "@/lib/users";
import { emailSchema } from "@/lib/users/shared";
import {
  DEFAULT_ORDER,
  IMPERSONATION_MAX_SECONDS,
  type AdminUsageTotals,
  type AdminUserDetail,
  type AdminUserSort,
  type AdminUserSummary,
  type AdminUsersQuery,
  type AdminUsersResponse,
} from "./shared";

/**
 * The admin console's reads, all through the data door: what an admin may
 * see is what the policies let an admin see, and hashes and ciphertexts
 * never come back.
 */

type UserFilter = Parameters<DataAccess["users"]["find"]>[0];

/** Recent audit events shown on a user's page. */
const RECENT_EVENTS = 20;

/** Any character that means something in a regular expression, escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The users a search means. A whole email address is looked up exactly (the
 * unique index answers it); other text matches part of the name or the
 * address, in any letter case.
 */
function userSearchFilter(query: string): UserFilter {
  if (query === "") return {};
  const email = emailSchema.safeParse(query);
  if (email.success) return { email: email.data };
  const pattern = escapeRegExp(query);
  return { $or: [{ email: { $regex: pattern.toLowerCase() } }, { name: { $regex: pattern, $options: "i" } }] };
}

/** A user as the list reads them: their own document, and whether a password hash is stored (never the hash). */
type ListedUser = ReadableUser & { isSet: { passwordHash: boolean } };

/**
 * How the user can sign in, and when they last did, from their own document:
 * the providers linked (`linkedProviders`, kept in step with `accounts` by
 * lib/accounts) and the recorded last sign-in. So a page of users is one read
 * however many rows it has; users from before those fields were kept get
 * them at server start (lib/accounts/legacy-users.ts).
 */
function summaryOf(user: ListedUser): AdminUserSummary {
  return {
    id: user._id.toString(),
    name: user.name ?? null,
    email: user.email ?? null,
    emailVerified: Boolean(user.emailVerified),
    role: user.role,
    providers: signInMethodsOf({ hasPassword: user.isSet.passwordHash, providers: user.linkedProviders ?? [] }),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    disabled: Boolean(user.disabledAt),
  };
}

/** The field each sort reads. */
const SORT_FIELDS: Record<AdminUserSort, "createdAt" | "lastSignInAt" | "name"> = {
  created: "createdAt",
  "last-sign-in": "lastSignInAt",
  name: "name",
};

/** The users the list's filters leave: each a plain condition on one field of `users`. */
function userFilter(query: AdminUsersQuery): UserFilter {
  // An account being deleted (lib/account-deletion) is no longer anyone's to act on.
  const filter: UserFilter = { ...userSearchFilter(query.query), deletedAt: null };
  if (query.role) filter.role = query.role;
  if (query.status) filter.disabledAt = query.status === "disabled" ? { $ne: null } : null;
  if (query.verified) filter.emailVerified = query.verified === "yes" ? { $ne: null } : null;
  if (query.method === "password") filter.passwordHash = { $ne: null };
  else if (query.method) filter.linkedProviders = query.method;
  return filter;
}

/**
 * One page of users matching `query`, in its order. The id breaks ties (in
 * the same direction), so a page boundary never splits or repeats equal
 * values; users without the sorted field (no name, never signed in) come
 * last in descending order and first in ascending, as MongoDB orders missing values.
 */
export async function listUsers(data: DataAccess, query: AdminUsersQuery): Promise<AdminUsersResponse> {
  const { sort, page, limit } = query;
  const order = query.order ?? DEFAULT_ORDER[sort];
  const direction = order === "asc" ? 1 : -1;
  const filter = userFilter(query);
  // The count and the page: two commands, whatever the number of rows.
  const [total, users] = await Promise.all([
    data.users.count(filter),
    data.users.find(filter, { sort: { [SORT_FIELDS[sort]]: direction, _id: direction }, skip: (page - 1) * limit, limit, whetherSet: ["passwordHash"] }),
  ]);
  return { users: users.map(summaryOf), total, page, limit, sort, order };
}

/**
 * One total over the user's generations, grouped by `by` (null: all of them).
 * One accumulator per `$group`: FerretDB v1 computes only the first of several
 * and answers 0 for the rest (which showed "Characters sent 0" beside a count
 * of generations), so each total is its own small aggregation.
 */
async function generationTotal(data: DataAccess, userId: Types.ObjectId, by: "$outcome" | null, sum: 1 | "$promptChars" | "$outputChars") {
  return data.generations.aggregate<{ _id: string | null; total: number }>([{ $match: { userId } }, { $group: { _id: by, total: { $sum: sum } } }]);
}

async function usageTotals(data: DataAccess, userId: Types.ObjectId): Promise<AdminUsageTotals> {
  const [byOutcome, sent, received] = await Promise.all([
    generationTotal(data, userId, "$outcome", 1),
    generationTotal(data, userId, null, "$promptChars"),
    generationTotal(data, userId, null, "$outputChars"),
  ]);
  const countOf = (outcome: string) => byOutcome.find((row) => row._id === outcome)?.total ?? 0;
  const generations = byOutcome.reduce((total, row) => total + row.total, 0);
  const completed = countOf("completed");
  return {
    generations,
    completed,
    failed: generations - completed - countOf("stopped"),
    promptChars: sent[0]?.total ?? 0,
    outputChars: received[0]?.total ?? 0,
  };
}

/**
 * A view-as session past its hour: the token ends it then, but revalidation
 * may have slid its document's expiry like any device's.
 */
function endedViewAs(device: { impersonatedBy?: unknown; createdAt: Date }, now: Date): boolean {
  return Boolean(device.impersonatedBy) && now.getTime() - device.createdAt.getTime() >= IMPERSONATION_MAX_SECONDS * 1000;
}

/** Everything the user page shows, or null when the admin can see no such user. */
export async function getUserDetail(data: DataAccess, id: string): Promise<AdminUserDetail | null> {
  const user = await data.users.findOne({ _id: new Types.ObjectId(id), deletedAt: null }, { whetherSet: ["passwordHash"] });
  if (!user) return null;
  const now = new Date();
  // The second factors are read by the user's id (their collections are outside the door): only whether and how many.
  const [devices, events, usage, twoFactor, passkeys] = await Promise.all([
    data.deviceSessions.find({ userId: user._id, ...liveAt(now) }, { sort: { lastSeenAt: -1 } }),
    data.authEvents.find({ userId: user._id, at: { $gte: authEventCutoff(now) } }, { sort: { at: -1 }, limit: RECENT_EVENTS }),
    usageTotals(data, user._id),
    twoFactorStateOf(id),
    countPasskeys(id),
  ]);
  return {
    user: {
      ...summaryOf(user),
      disabledAt: user.disabledAt?.toISOString() ?? null,
      disabledReason: user.disabledReason ?? null,
    },
    devices: devices
      .filter((device) => !endedViewAs(device, now))
      .map((device) => ({ ...deviceView(device), impersonatedBy: device.impersonatedBy?.toString() ?? null })),
    events: events.map(authEventView),
    usage,
    secondFactors: { ...twoFactor, passkeys },
  };
}
