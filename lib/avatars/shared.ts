import { z } from "zod";

/**
 * Uploaded profile pictures, browser-safe: the limits the upload form checks
 * before sending, the crop it sends, and the URL a stored picture is served at.
 */

/** Largest upload read, in bytes (5 MB); more gets 413. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** Largest width and height of a stored picture, in pixels: it is resized down to this, never up. */
export const AVATAR_MAX_SIZE = 256;

/** What the upload may be, by its Content-Type. */
export const AVATAR_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

/** `POST` (upload) and `DELETE` (remove) the signed-in user's picture. */
export const AVATAR_UPLOAD_URL = "/api/user/avatar";

/** Where a stored picture is served, with its version, so a new one is a new URL and caches never show the old one. */
export function avatarUrl(userId: string, hash: string): string {
  return `/api/avatars/${userId}?v=${hash}`;
}

/** A URL `avatarUrl` made (for `userId`, when given): the users' `image` may be one, though it is not an https link. */
export function isAvatarUrl(value: unknown, userId?: string): boolean {
  if (typeof value !== "string") return false;
  const match = /^\/api\/avatars\/([0-9a-f]{24})\?v=[0-9a-f]{16}$/.exec(value);
  return match !== null && (userId === undefined || match[1] === userId);
}

const fraction = (what: string) =>
  z
    .string({ error: `Give the square's ${what} as a number from 0 to 1` })
    .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/, `Give the square's ${what} as a number from 0 to 1`)
    .transform(Number);

/**
 * The square to keep, from the upload's query (`?x=&y=&size=`), in fractions
 * of the picture as it is shown (turned upright): `x` and `y` its left and
 * top edges (of the width and the height), `size` its side (of the shorter
 * side). All three or none: none keeps the largest centred square. A square
 * running past an edge is moved inside.
 */
export const avatarCropSchema = z
  .object({ x: fraction("left edge").optional(), y: fraction("top edge").optional(), size: fraction("size").optional() })
  .refine(({ x, y, size }) => [x, y, size].every((value) => value === undefined) || [x, y, size].every((value) => value !== undefined), {
    message: "Give x, y and size together, or none of them",
  })
  .refine(({ size }) => size === undefined || size > 0, { message: "The square's size must be more than 0", path: ["size"] });

export type AvatarCrop = z.infer<typeof avatarCropSchema>;
