import "#server-only";
import type { NextApiRequest } from "next";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { readRawBody } from "@/lib/http";
import { enforceRateLimit } from "@/lib/rate-limit";
import { avatarErrors } from "./errors";
import { processAvatar, type ProcessedAvatar } from "./image";
import { AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES, avatarCropSchema } from "./shared";

/** Uploads per user: enough to try a few crops, too few to keep the image decoder busy. */
const UPLOAD_LIMIT = { limit: 10, windowSeconds: 10 * 60 };

/** 403 on a view-as session, before any work: the policy would refuse the write anyway, after the decoding. */
export function assertMayChangeAvatar(data: DataAccess): void {
  if (data.actor?.impersonatedBy) throw avatarErrors.viewingAs();
}

const isAvatarContentType = (value: string): value is (typeof AVATAR_CONTENT_TYPES)[number] =>
  AVATAR_CONTENT_TYPES.some((type) => type === value);

/**
 * An upload to `POST /api/user/avatar`, checked in the order that costs least
 * first: who asks (403 on a view-as session), the crop in the query (400),
 * the per-user limit (429), the Content-Type (415), the size as read (413,
 * reading no further), then the image itself (400 unless it decodes).
 */
export async function receiveAvatar(req: NextApiRequest, data: DataAccess): Promise<ProcessedAvatar> {
  assertMayChangeAvatar(data);
  const crop = avatarCropSchema.parse(req.query);
  await enforceRateLimit(`avatar-upload:${ownId(data)}`, UPLOAD_LIMIT, "Too many picture uploads: try again in a few minutes");
  const contentType = (req.headers["content-type"] ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (!isAvatarContentType(contentType)) throw avatarErrors.unsupportedType();
  const bytes = await readRawBody(req, { limitBytes: AVATAR_MAX_BYTES, tooLarge: avatarErrors.tooLarge });
  return processAvatar(bytes, crop);
}
