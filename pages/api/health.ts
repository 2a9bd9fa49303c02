import { pingDatabase } from "@/lib/core/db";
import { apiRoute } from "@/lib/http";

/** Liveness plus database reachability, for load balancers and `npm run dev` users. */
export default apiRoute({
  async GET(_req, res) {
    const up = await pingDatabase();
    res.setHeader("Cache-Control", "no-store");
    res.status(up ? 200 : 503).json(up ? { status: "ok", db: "up" } : { status: "degraded", db: "down" });
  },
});
