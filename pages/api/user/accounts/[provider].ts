import { z } from "zod";
import { disconnectAccount } from "@/lib/accounts";
import { OAUTH_PROVIDER_IDS } from "@/lib/accounts/shared";
import { withAuth } from "@/lib/auth";
import { apiRoute, noContent, requestContextOf } from "@/lib/http";

const providerSchema = z.object({ provider: z.enum(OAUTH_PROVIDER_IDS, "Not a sign-in provider") });

/**
 * Disconnects a provider: 204; 403 REAUTH_REQUIRED without a sign-in in the
 * last 10 minutes; 409 LAST_SIGN_IN_METHOD when it is the only way in; 404
 * when it is not connected.
 */
export default apiRoute({
  DELETE: withAuth(async (req, _res, { session, data }) => {
    const { provider } = providerSchema.parse(req.query);
    const caller = { deviceSessionId: session.deviceSessionId, authTime: session.authTime, context: requestContextOf(req) };
    await disconnectAccount(data, caller, provider);
    return noContent();
  }),
});
