import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { recordAdminAction, type AuthEventOrigin } from "@/lib/audit";
import { HttpError } from "@/lib/http";
import { sendSecurityNotice } from "@/lib/notices";
import { removeAllPasskeysOf } from "@/lib/passkeys";
import { removeTotp } from "@/lib/two-factor";
import { bumpSessionVersion } from "@/lib/users";
import type { AdminRevokeSessionsResponse, AdminTwoFactorReset, AdminUserDetail, AdminUserPatch } from "./shared";
import { getUserDetail } from "./users";

/**
 * What an admin does to an account, through the admin's data door (the
 * User policy lets only an admin write `role` and `disabledAt`), each
 * recorded in both accounts' audit trails.
 */

/** The admin acting: withAuth's `{ role: "admin" }` guarantees one. */
function adminIdOf(data: DataAccess): string {
  if (!data.actor || data.actor.role !== "admin") throw HttpError.forbidden();
  return data.actor.id;
}

const noSuchUser = () => HttpError.notFound("No such user");
const lastAdmin = () => HttpError.conflict("You are the only admin: make someone else an admin before you step down or disable yourself.");

/** Enabled admins other than `except`. */
function otherActiveAdmins(data: DataAccess, except: Types.ObjectId): Promise<number> {
  return data.users.count({ role: "admin", disabledAt: null, _id: { $ne: except } });
}

/**
 * Changes a user's role and/or disables (with a reason) or enables them. A
 * disabled user's devices are signed out at once and they cannot sign in;
 * a role change reaches their session at its next revalidation. The last
 * active admin cannot demote or disable themself (409), even racing another
 * admin doing the same: the change is undone if no active admin is left.
 * The undo puts back only the fields this change wrote, and each only while
 * it still holds this change's value, so a concurrent change that already
 * answered (another admin disabling the account, say) is never reverted.
 */
export async function updateUserAsAdmin(data: DataAccess, id: string, patch: AdminUserPatch, origin: AuthEventOrigin): Promise<AdminUserDetail> {
  const adminId = adminIdOf(data);
  const _id = new Types.ObjectId(id);
  const before = await data.users.findOne({ _id });
  if (!before) throw noSuchUser();
  const demoting = patch.role === "user" && before.role === "admin";
  const disabling = patch.disabled === true && !before.disabledAt;
  const enabling = patch.disabled === false && Boolean(before.disabledAt);
  const losesAdmin = before.role === "admin" && (demoting || disabling);
  if (id === adminId && losesAdmin && (await otherActiveAdmins(data, _id)) === 0) throw lastAdmin();

  const disabled = disabling ? { disabledAt: new Date(), disabledReason: patch.reason ?? null } : {};
  const enabled = enabling ? { disabledAt: null, disabledReason: null } : {};
  const role = patch.role && patch.role !== before.role ? { role: patch.role } : {};
  const $set = { ...role, ...disabled, ...enabled };
  if (Object.keys($set).length > 0 && !(await data.users.updateOne({ _id }, { $set }))) throw noSuchUser();
  if (losesAdmin && (await data.users.count({ role: "admin", disabledAt: null })) === 0) {
    if (role.role) await data.users.updateOne({ _id, role: role.role }, { $set: { role: before.role } });
    if (disabling) await data.users.updateOne({ _id, disabledAt: disabled.disabledAt }, { $set: { disabledAt: null, disabledReason: null } });
    throw lastAdmin();
  }
  if (disabling) await data.deviceSessions.deleteMany({ userId: _id });

  const action = { adminId, subjectId: id, ...origin };
  if (role.role) await recordAdminAction({ type: "admin.role_changed", role: role.role, ...action });
  if (disabling) await recordAdminAction({ type: "admin.user_disabled", ...action });
  if (enabling) await recordAdminAction({ type: "admin.user_enabled", ...action });
  const detail = await getUserDetail(data, id);
  if (!detail) throw noSuchUser();
  return detail;
}

/**
 * Signs the user out of every device (their next request after revalidation
 * is signed out), and ends what their sessions started: a pending email
 * change was asked for under the sessionVersion this bumps, so its link stops
 * working. The bump is the system's, keyed by the user's id: the admin's
 * policy lets them write no sessionVersion themselves.
 */
export async function revokeUserSessions(data: DataAccess, id: string, origin: AuthEventOrigin): Promise<AdminRevokeSessionsResponse> {
  const adminId = adminIdOf(data);
  const _id = new Types.ObjectId(id);
  if (!(await data.users.findOne({ _id }, { select: ["_id"] }))) throw noSuchUser();
  await bumpSessionVersion(id);
  const revoked = await data.deviceSessions.deleteMany({ userId: _id });
  await recordAdminAction({ type: "admin.sessions_revoked", adminId, subjectId: id, ...origin });
  return { revoked };
}

/**
 * For a user who lost their authenticator app and recovery codes: removes
 * the app, the codes and every passkey, and signs them out everywhere (as
 * revokeUserSessions), so whoever may hold a session or a passkey of theirs
 * is out too; they sign in again with their password or a provider and set
 * up a second factor anew. Mailed to them; the reason is kept in both trails.
 * Not on one's own account (Settings turns one's own off), nor on a user
 * with nothing to reset (409).
 */
export async function resetUserTwoFactor(data: DataAccess, id: string, { reason }: AdminTwoFactorReset, origin: AuthEventOrigin): Promise<AdminUserDetail> {
  const adminId = adminIdOf(data);
  if (id === adminId) throw HttpError.conflict("Change your own two-step verification and passkeys in Settings → Security.");
  const _id = new Types.ObjectId(id);
  if (!(await data.users.findOne({ _id }, { select: ["_id"] }))) throw noSuchUser();
  const [hadTotp, passkeys] = await Promise.all([removeTotp(id), removeAllPasskeysOf(id)]);
  if (!hadTotp && passkeys === 0) throw HttpError.conflict("This user has no two-step verification or passkeys to reset.");
  await bumpSessionVersion(id);
  await data.deviceSessions.deleteMany({ userId: _id });
  await recordAdminAction({ type: "admin.two_factor_reset", note: reason, adminId, subjectId: id, ...origin });
  await sendSecurityNotice(id, { kind: "two-factor", change: "reset-by-admin" }, origin.context);
  const detail = await getUserDetail(data, id);
  if (!detail) throw noSuchUser();
  return detail;
}
