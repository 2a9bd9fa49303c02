import { nextAuthHandler, sendSession } from "@/lib/auth";
import { apiRoute } from "@/lib/http";

/**
 * NextAuth's session endpoint, in a file of its own so that the read every
 * page load and window focus makes skips the catch-all route's matching. GET
 * (what `useSession` fetches) is answered by readServerSession
 * (lib/auth/server-session.ts) as NextAuth answers it; POST (`update()`) goes
 * to NextAuth.
 */
export default apiRoute({
  GET: sendSession,
  POST(req, res) {
    req.query.nextauth = ["session"];
    return nextAuthHandler(req, res);
  },
});
