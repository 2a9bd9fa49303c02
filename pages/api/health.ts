import type { NextApiRequest, NextApiResponse } from "next";
import { withAuth } from "@/lib/auth";
import { pingDatabase } from "@/lib/core/db";
import { apiRoute, HttpError, json } from "@/lib/http";
import { outboxCounts } from "@/lib/mail";
import type { OutboxCounts } from "@/lib/mail/shared";

const adminCounts = withAuth(async () => json(200, await outboxCounts()), { role: "admin" });

/** The outbox's counts for a signed-in admin; null for anyone else, who gets the plain answer and no hint why. */
async function outboxForAdmin(req: NextApiRequest, res: NextApiResponse): Promise<OutboxCounts | null> {
  try {
    const reply = await adminCounts(req, res);
    return reply.kind === "json" ? reply.body : null;
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/**
 * Liveness plus database reachability, for load balancers and `npm run dev`
 * users. `?detail` adds `outbox` (queued, dead, oldest waiting) for a
 * signed-in admin.
 */
export default apiRoute({
  async GET(req, res) {
    const up = await pingDatabase();
    const outbox = up && req.query.detail !== undefined ? await outboxForAdmin(req, res) : null;
    res.setHeader("Cache-Control", "no-store");
    if (!up) return json(503, { status: "degraded", db: "down" });
    return json(200, outbox ? { status: "ok", db: "up", outbox } : { status: "ok", db: "up" });
  },
});
