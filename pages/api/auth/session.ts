import { nextAuthHandler, sendSession } from "@/lib/auth";
import { alreadySent, apiRoute } from "@/lib/http";

/**
 * NextAuth's session endpoint, in a file of its own so that the read every
 * page load and window focus makes skips the catch-all route's matching. GET
 * (what `useSession` fetches) is answered by readServerSession
 * (lib/auth/server-session.ts) as NextAuth answers it; POST (`update()`) goes
 * to NextAuth, body parser and all (so this file keeps Next's).
 */
export default apiRoute(
  {
    async GET(req, res) {
      await sendSession(req, res);
      return alreadySent();
    },
    async POST(req, res) {
      req.query.nextauth = ["session"];
      await nextAuthHandler(req, res);
      return alreadySent();
    },
  },
  {
    // Answered as the catch-all route (which NextAuth serves unwrapped) answers the same request:
    // NextAuth checks its own CSRF token (a cookie, and the same value in the body) before any update.
    allowCrossSite: { POST: "NextAuth's own endpoint, guarded by NextAuth's CSRF token" },
  },
);
