import "#server-only";
import type { IncomingMessage } from "node:http";
import type { NextApiRequest } from "next";
import type { z } from "zod";
import { HttpError } from "./errors";
import { headerValue } from "./headers";

/** Largest JSON body an API route reads; more gets 413. */
const JSON_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Reads a JSON body (routes that use it set `bodyParser: false`) with a size
 * limit, then validates it with `schema`: 415 for another content type, 413
 * past the limit, 400 for broken JSON or invalid fields (a ZodError, mapped
 * to per-field messages by mapError).
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  req: NextApiRequest,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const contentType = headerValue(req.headers["content-type"]) ?? "";
  if (!/^application\/json\b/i.test(contentType)) throw HttpError.unsupportedMediaType();
  const raw = await readBody(req, JSON_BODY_LIMIT_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw HttpError.badRequest("The body is not valid JSON");
  }
  return schema.parse(json);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw HttpError.payloadTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw HttpError.payloadTooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
