import NextAuth from "next-auth";
import { authOptions, withNextAuthInputGuard, withRequestContext } from "@/lib/auth";

/**
 * NextAuth's options, for `getServerSession(req, res, authOptions)`: built once
 * in lib/auth/options.ts, where the callbacks, `authorize` and the adapter are.
 */
export { authOptions };

/**
 * The NextAuth route; the request's IP and user agent reach sign-in through
 * request context, and input NextAuth would answer with a 500 is kept from it.
 */
export default withRequestContext(withNextAuthInputGuard((req, res) => NextAuth(req, res, authOptions)));
