import { pingDatabase } from "@/lib/core/db";
import { isShuttingDown } from "@/lib/core/lifecycle";
import { apiRoute, type ApiRouteConfig, json } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** Seconds a load balancer waits before asking an instance that is not ready again. */
const RETRY_AFTER_SECONDS = "5";

/**
 * Readiness, for load balancers and orchestrators (docs/operations.md): this
 * instance should get traffic only while the database answers and it is not
 * shutting down. `/api/health` stays the liveness probe: a draining instance
 * is alive, finishing what it has.
 */
export default apiRoute({
  async GET(_req, res) {
    res.setHeader("Cache-Control", "no-store");
    // Checked first and again after the ping: a shutdown that began while the ping ran wins.
    const up = !isShuttingDown() && (await pingDatabase());
    if (up && !isShuttingDown()) return json(200, { status: "ready" as const });
    res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    return json(503, { status: isShuttingDown() ? ("draining" as const) : ("unavailable" as const) });
  },
});
