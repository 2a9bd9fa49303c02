import "#server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "@/lib/core/env";
import { apiSecurityHeaders, isServedOverHttps } from "@/lib/core/security-headers";

/** A header's value, or its first value when it was sent more than once. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Sets an API answer's security headers (proxy.ts, which sets a page's, does not run for API routes). */
export function setApiSecurityHeaders(req: Pick<IncomingMessage, "headers">, res: Pick<ServerResponse, "setHeader">): void {
  const env = getEnv();
  const https = isServedOverHttps({
    siteUrl: env.NEXTAUTH_URL,
    trustProxy: env.TRUST_PROXY,
    forwardedProto: headerValue(req.headers["x-forwarded-proto"]),
  });
  for (const [name, value] of Object.entries(apiSecurityHeaders(https))) res.setHeader(name, value);
}
