import type { IncomingMessage } from "node:http";
import type { NextApiRequest } from "next";
import type { z } from "zod";
import { ErrorCode, HttpError } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";

/** Largest JSON body an API route reads; more gets 413. */
export const JSON_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The client's IP: the socket's peer, unless TRUST_PROXY=true, when it is the
 * last X-Forwarded-For entry (the one our proxy appended). A client can put
 * anything in the header, so it is never trusted by default: a forged value
 * must not reset a rate limit.
 */
export function clientIp(req: Pick<IncomingMessage, "headers" | "socket">): string {
  if (getEnv().TRUST_PROXY) {
    const forwarded = headerValue(req.headers["x-forwarded-for"]);
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? "unknown";
}

/** The request's User-Agent, bounded so a huge header cannot bloat a document. */
export function userAgentOf(req: Pick<IncomingMessage, "headers">): string {
  return (headerValue(req.headers["user-agent"]) ?? "").slice(0, 512);
}

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
 * Refuses cross-site state changes (CSRF). Browsers send Sec-Fetch-Site and
 * Origin on every POST; a request with neither comes from a non-browser
 * client, which carries no ambient cookies of a victim to abuse.
 */
export function assertSameOrigin(req: Pick<IncomingMessage, "headers">): void {
  const fetchSite = headerValue(req.headers["sec-fetch-site"]);
  const origin = headerValue(req.headers.origin);
  const crossSite =
    (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") ||
    (origin !== undefined && !isSiteOrigin(origin, req));
  if (crossSite) throw new HttpError(403, ErrorCode.CrossSiteRequest, "Cross-site requests are not allowed");
}

/**
 * Reads a JSON body (routes that use it set `bodyParser: false`) with a size
 * limit, then validates it with `schema`: 415 for another content type, 413
 * past the limit, 400 for broken JSON or invalid fields.
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  req: NextApiRequest,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const contentType = headerValue(req.headers["content-type"]) ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new HttpError(415, ErrorCode.UnsupportedMediaType, "Send the body as application/json");
  }
  const raw = await readBody(req, JSON_BODY_LIMIT_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HttpError(400, ErrorCode.BadRequest, "The body is not valid JSON");
  }
  // A ZodError maps to 400 with per-field messages in lib/api/errors.ts.
  return schema.parse(json);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const tooLarge = () => new HttpError(413, ErrorCode.PayloadTooLarge, `The body must be at most ${limit / 1024} kB`);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
