import { pingDatabase } from "@/lib/core/db";
import { apiRoute, json } from "@/lib/http";

/** Liveness plus database reachability, for load balancers and `npm run dev` users. */
export default apiRoute({
  async GET(_req, res) {
    const up = await pingDatabase();
    res.setHeader("Cache-Control", "no-store");
    return up ? json(200, { status: "ok", db: "up" }) : json(503, { status: "degraded", db: "down" });
  },
});
