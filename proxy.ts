import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getEnv, secureCookies } from "@/lib/core/env";

/**
 * Early redirect to sign-in for pages that need a session. A convenience only:
 * each page checks the session itself in getServerSideProps (withPageAuth),
 * which also re-validates revoked sessions that a still-valid JWT would pass here.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET, secureCookie: secureCookies() });
  if (token) return NextResponse.next();
  const signIn = new URL("/auth/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/settings/:path*", "/generate/:path*", "/admin/:path*"] };
