import { withAuth } from "@/lib/auth";
import { listUsers } from "@/lib/admin";
import { adminUsersQuerySchema, type AdminUsersResponse } from "@/lib/admin/shared";
import { apiRoute, json } from "@/lib/http";

/** Admins: one page of users, newest first, optionally matching `query` (an exact email, or part of a name or address). */
export default apiRoute({
  GET: withAuth(
    async (req, _res, { data }) => {
      const query = adminUsersQuerySchema.parse(req.query);
      return json(200, (await listUsers(data, query)) satisfies AdminUsersResponse);
    },
    { role: "admin" },
  ),
});
