import { authOptions, nextAuthHandler } from "@/lib/auth";

/**
 * NextAuth's options, for `getServerSession(req, res, authOptions)`: built once
 * in lib/auth/options.ts, where the callbacks, `authorize` and the adapter are.
 */
export { authOptions };

/** The NextAuth route (lib/auth/handler.ts). */
export default nextAuthHandler;
