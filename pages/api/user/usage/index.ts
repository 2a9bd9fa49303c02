import { withAuth } from "@/lib/auth";
import { usageQuerySchema, usageReport } from "@/lib/generation";
import type { UsageResponse } from "@/lib/generation/shared";
import { apiRoute, json } from "@/lib/http";

/**
 * The signed-in user's tokens and estimated cost per UTC day (every day of
 * the window, oldest first) and per model: `?days=1…90`, 30 by default, as
 * Settings → Generation renders it (lib/account-reads "usage").
 */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const { days } = usageQuerySchema.parse(req.query);
    return json(200, (await usageReport(data, days)) satisfies UsageResponse);
  }),
});
