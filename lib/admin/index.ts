import "#server-only";
import type { Session } from "next-auth";
import { forSession } from "@/lib/access";
import type { AdminUserDetail, AdminUsersQuery, AdminUsersResponse } from "./shared";
import { getUserDetail, listUsers } from "./users";

/** The admin console: finding users, acting on their accounts, and viewing the product as one of them. */
export { resetUserTwoFactor, revokeUserSessions, updateUserAsAdmin } from "./actions";
export { startImpersonation, stopImpersonation } from "./impersonation";
export { getUserDetail, listUsers } from "./users";
export { adminModels, saveAdminModels } from "./models";
export { limitAdminAction } from "./limits";
export { mailOverview, retryMailAsAdmin } from "./mail";

/** The admin console's reads for its server-rendered pages, through the same door as the API routes. */
export const adminReads = {
  users: (session: Session, query: AdminUsersQuery): Promise<AdminUsersResponse> => listUsers(forSession(session), query),
  user: (session: Session, id: string): Promise<AdminUserDetail | null> => getUserDetail(forSession(session), id),
};
