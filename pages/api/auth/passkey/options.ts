import { passkeySignInOptions } from "@/lib/auth";
import { apiRoute, json, requestContextOf } from "@/lib/http";

/**
 * The options for signing in with a passkey (this file wins over NextAuth's
 * catch-all): no passkeys listed for a discoverable sign-in, or the pending
 * sign-in's user's when the browser carries its ticket. 429 past the
 * network's sign-in limit.
 */
export default apiRoute({
  POST: async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    return json(200, await passkeySignInOptions({ ip: requestContextOf(req).ip, cookies: req.cookies }));
  },
});
