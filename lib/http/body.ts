import "#server-only";
import type { IncomingMessage } from "node:http";
import type { NextApiRequest } from "next";
import type { z } from "zod";
import { HttpError } from "./errors";
import { headerValue } from "./headers";

/** Largest JSON body an API route reads unless it says otherwise; more gets 413. */
const JSON_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The `config` of a route whose handlers read the body with the readers
 * below: Next's own parser off, so they keep their limits and error shape
 * (a streamed answer also turns off Next's response-size warning). Next 16
 * reads `config` from the route file at compile time and refuses anything but
 * an object literal written there (no import, re-export or spread), so such a
 * route writes `export const config: ApiRouteConfig = { api: { bodyParser: false } };`
 * and this type admits nothing else. A reader refuses to run without it.
 */
export interface ApiRouteConfig {
  api: { bodyParser: false; responseLimit?: false };
}

/**
 * Reads a JSON body (the route exports `config: ApiRouteConfig`) with a size
 * limit, then validates it with `schema`: 415 for another content type, 413
 * past the limit, 400 for broken JSON or invalid fields (a ZodError, mapped
 * to per-field messages by mapError).
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  req: NextApiRequest,
  schema: Schema,
  { limitBytes = JSON_BODY_LIMIT_BYTES }: { limitBytes?: number } = {},
): Promise<z.infer<Schema>> {
  const contentType = headerValue(req.headers["content-type"]) ?? "";
  if (!/^application\/json\b/i.test(contentType)) throw HttpError.unsupportedMediaType();
  const raw = (await readBody(req, limitBytes)).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw HttpError.badRequest("The body is not valid JSON");
  }
  return schema.parse(json);
}

/** Whether the body is an HTML form's default encoding (what a browser without JavaScript sends). */
export function isFormBody(req: Pick<IncomingMessage, "headers">): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(headerValue(req.headers["content-type"]) ?? "");
}

/** A request whose body is still unread: an API route's (with Next's parser off) or a page's (getServerSideProps). */
type UnreadRequest = IncomingMessage & { body?: unknown };

/**
 * Reads an application/x-www-form-urlencoded body with the JSON limit, or
 * `limitBytes` (413 past it), into plain fields: each name once (its first
 * value), every value a string, for a zod schema to validate like a JSON body.
 * Works for an API route and for a page that receives a form post.
 */
export async function parseFormBody(
  req: UnreadRequest,
  { limitBytes = JSON_BODY_LIMIT_BYTES }: { limitBytes?: number } = {},
): Promise<Record<string, string>> {
  if (!isFormBody(req)) throw HttpError.unsupportedMediaType();
  const params = new URLSearchParams((await readBody(req, limitBytes)).toString("utf8"));
  const fields = new Map<string, string>();
  for (const [name, value] of params) if (!fields.has(name)) fields.set(name, value);
  // fromEntries defines own properties: a field named "__proto__" stays a field.
  return Object.fromEntries(fields);
}

/**
 * Reads a body of any type as bytes (the route exports `config:
 * ApiRouteConfig` and checks the content type itself), stopping as soon as it
 * passes `limitBytes`: `tooLarge` is thrown then (413 by default), before
 * more is read, and at once when Content-Length already says so.
 */
export async function readRawBody(
  req: UnreadRequest,
  { limitBytes, tooLarge = () => HttpError.payloadTooLarge(limitBytes) }: { limitBytes: number; tooLarge?: () => HttpError },
): Promise<Buffer> {
  return readBody(req, limitBytes, tooLarge);
}

async function readBody(req: UnreadRequest, limit: number, tooLarge = () => HttpError.payloadTooLarge(limit)): Promise<Buffer> {
  // Next sets `body` only when its parser ran, which has used the stream up: say which line the route lacks.
  if (req.body !== undefined) throw new Error("This route reads its own body: export `config: ApiRouteConfig` from the route file");
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
