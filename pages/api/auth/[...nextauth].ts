import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth, { type AuthOptions } from "next-auth";
import { createAuthOptions, requestContextOf } from "@/lib/auth/options";

/**
 * NextAuth's options, for `getServerSession(req, res, authOptions)`. The
 * credentials provider, callbacks and adapter are named functions in lib/auth/.
 */
export const authOptions: AuthOptions = createAuthOptions();

/** The NextAuth route, with the request's IP and user agent given to sign-in. */
export default function auth(req: NextApiRequest, res: NextApiResponse) {
  return NextAuth(req, res, createAuthOptions(requestContextOf(req)));
}
