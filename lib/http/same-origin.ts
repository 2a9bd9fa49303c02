import "#server-only";
import type { IncomingMessage } from "node:http";
import { getEnv } from "@/lib/core/env";
import { HttpError } from "./errors";
import { headerValue } from "./headers";

/**
 * Whether `origin` is this site: NEXTAUTH_URL's origin when configured, else
 * the host the request was addressed to (the scheme is unknown behind a proxy
 * that terminates TLS, so only the host is compared).
 */
function isSiteOrigin(origin: string, req: Pick<IncomingMessage, "headers">): boolean {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return origin === new URL(configured).origin;
  try {
    return new URL(origin).host === headerValue(req.headers.host);
  } catch {
    return false;
  }
}

/**
 * Refuses cross-site state changes (CSRF) with 403. Browsers send
 * Sec-Fetch-Site and Origin on every POST; a request with neither comes from a
 * non-browser client, which carries no ambient cookies of a victim to abuse.
 */
export function assertSameOrigin(req: Pick<IncomingMessage, "headers">): void {
  const fetchSite = headerValue(req.headers["sec-fetch-site"]);
  const origin = headerValue(req.headers.origin);
  const crossSite =
    (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") ||
    (origin !== undefined && !isSiteOrigin(origin, req));
  if (crossSite) throw HttpError.crossSiteRequest();
}
