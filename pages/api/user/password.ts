import type { PageConfig } from "next";
import { withAuth } from "@/lib/auth";
import { apiRoute, assertSameOrigin, parseJsonBody } from "@/lib/http";
import { changePassword } from "@/lib/users";
import { passwordChangeSchema } from "@/lib/users/shared";

export const config: PageConfig = { api: { bodyParser: false } };

/**
 * Changes the password (or sets a first one on an OAuth-only account): 204.
 * Every other device is signed out; this one stays signed in (lib/users/password-change.ts).
 */
export default apiRoute({
  POST: withAuth(async (req, res, session) => {
    assertSameOrigin(req);
    const change = await parseJsonBody(req, passwordChangeSchema);
    await changePassword({ userId: session.user.id, deviceSessionId: session.deviceSessionId }, change);
    res.status(204).end();
  }),
});
