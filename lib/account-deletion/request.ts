import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import type { AdminUserDelete } from "@/lib/admin/shared";
import { recordAdminAction, recordAuthEvent, type AuthEventOrigin } from "@/lib/audit";
import { log } from "@/lib/core/log";
import { HttpError } from "@/lib/http";
import { assertRecentAuthentication } from "@/lib/sessions";
import { confirmPassword, countOtherActiveAdmins, markUserDeleted, revealOwnPasswordHash, unmarkUserDeleted, type DeletionCandidate } from "@/lib/users";
import { normalizeEmail } from "@/lib/users/shared";
import { removeMarkedAccount } from "./remove";
import { DELETE_WITHOUT_EMAIL, type AccountDeletionRequest } from "./shared";

const lastAdmin = () => HttpError.conflict("You are the only admin: make someone else an admin before you delete your account.");
const changedMeanwhile = () => HttpError.conflict("Your account changed while it was being deleted. Reload the page and try again.");

/**
 * Marks the account (it cannot sign in from then on, its address is free at
 * once), records who deleted it, then removes it (./remove.ts). An admin
 * account is only marked while another enabled admin is left; two last
 * admins deleting themselves at once: the mark is taken back (409).
 */
async function deleteAccount(account: DeletionCandidate, by: { adminId?: string; reason?: string }, origin: AuthEventOrigin): Promise<void> {
  const now = new Date();
  if (!(await markUserDeleted(account, by, now))) throw changedMeanwhile();
  if (account.role === "admin" && !by.adminId && (await countOtherActiveAdmins(account.id)) === 0) {
    await unmarkUserDeleted(account, now);
    throw lastAdmin();
  }
  // Recorded before anything goes: the trail is part of what is kept (tagged with the address's hash).
  if (by.adminId) await recordAdminAction({ type: "admin.user_deleted", note: by.reason ?? "", adminId: by.adminId, subjectId: account.id, ...origin });
  else await recordAuthEvent({ type: "account.deleted", userId: account.id, ...origin });
  const deletion = { requestedAt: now, by: by.adminId ? ("admin" as const) : ("self" as const), ...(account.email ? { email: account.email } : {}) };
  // The deletion is accepted once marked: a failure from here on is the retry's to finish (finishPendingDeletions).
  await removeMarkedAccount(account.id, deletion).catch((error: unknown) => log.error("account.deletion_failed", error, { userId: account.id }));
}

/** Who is deleting their own account: when they last proved who they are. */
interface DeletingCaller extends AuthEventOrigin {
  authTime: number;
}

/**
 * "Delete my account": never from a view-as session (403). The typed
 * confirmation must be the account's address (or DELETE_WITHOUT_EMAIL
 * without one; 400 on `confirmEmail`), then the current password on an
 * account with one (limited like every password check), else a recent
 * sign-in (403 REAUTH_REQUIRED). Nothing changes before all of that holds.
 */
export async function deleteOwnAccount(data: DataAccess, caller: DeletingCaller, request: AccountDeletionRequest): Promise<void> {
  if (data.actor?.impersonatedBy) throw HttpError.forbidden("Viewing as a user cannot delete their account");
  const id = ownId(data);
  const user = await revealOwnPasswordHash(data);
  const email = user.email ?? null;
  const expected = email ?? DELETE_WITHOUT_EMAIL;
  const typed = email ? normalizeEmail(request.confirmEmail) : request.confirmEmail;
  if (typed !== expected) {
    throw HttpError.invalidField("confirmEmail", email ? "Type your account's email address exactly" : `Type ${DELETE_WITHOUT_EMAIL} to confirm`);
  }
  if (user.passwordHash) {
    if (!request.currentPassword) throw HttpError.invalidField("currentPassword", "Enter your current password");
    await confirmPassword(data, request.currentPassword, "currentPassword");
  } else {
    assertRecentAuthentication(caller.authTime);
  }
  const account = { id, email, role: user.role };
  if (account.role === "admin" && (await countOtherActiveAdmins(id)) === 0) throw lastAdmin();
  await deleteAccount(account, {}, { context: caller.context, ...(caller.deviceSessionId ? { deviceSessionId: caller.deviceSessionId } : {}) });
}

/**
 * An admin deletes someone's account, with a reason kept in both audit
 * trails. Not their own (they delete it in Settings, where the last-admin
 * rule and their password apply); another admin's, like disabling one, is allowed.
 */
export async function deleteUserAsAdmin(data: DataAccess, id: string, { reason }: AdminUserDelete, origin: AuthEventOrigin): Promise<void> {
  if (!data.actor || data.actor.role !== "admin" || data.actor.impersonatedBy) throw HttpError.forbidden();
  const adminId = data.actor.id;
  if (id === adminId) throw HttpError.conflict("Delete your own account in Settings → Your data.");
  const user = await data.users.findOne({ _id: new Types.ObjectId(id), deletedAt: null }, { select: ["_id", "email", "role"] });
  if (!user) throw HttpError.notFound("No such user");
  await deleteAccount({ id, email: user.email ?? null, role: user.role }, { adminId, reason }, origin);
}
