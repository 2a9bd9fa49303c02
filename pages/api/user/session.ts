import { withAuth } from "@/lib/auth";
import { apiRoute, json } from "@/lib/http";

/**
 * The session as the server sees it (`getServerSession`, revalidated as
 * lib/auth/callbacks.ts describes), for API clients holding a session cookie:
 * 401 when signed out, where `/api/auth/session` answers `{}`. No database
 * read inside the revalidation interval.
 */
export default apiRoute({
  GET: withAuth((_req, _res, { session }) => json(200, session)),
});
