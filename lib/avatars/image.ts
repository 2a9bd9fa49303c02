import "#server-only";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { HttpError } from "@/lib/http";
import { avatarErrors } from "./errors";
import { AVATAR_MAX_SIZE, type AvatarCrop } from "./shared";

/**
 * Turns an uploaded picture into what we store: decoded by sharp (libvips),
 * turned upright (EXIF orientation), cropped to a square, resized to at most
 * AVATAR_MAX_SIZE and re-encoded as WebP without any metadata (EXIF, GPS,
 * ICC, text chunks: sharp keeps none unless asked). The uploaded bytes are
 * never kept: only this output is.
 */

/** Most pixels decoded (36 MP, e.g. 6000×6000): more is refused before decoding, so a tiny file claiming a huge image costs nothing. */
const MAX_INPUT_PIXELS = 6000 * 6000;

/** Decoded images are not cached between requests: each upload is seen once. */
sharp.cache(false);

/** The formats we decode, by their first bytes: anything else (SVG, GIF, TIFF, HEIF, …) never reaches a decoder. */
function sniffFormat(bytes: Buffer): "png" | "jpeg" | "webp" | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  return null;
}

interface Square {
  left: number;
  top: number;
  side: number;
}

/** The square `crop` asks for in a `width`×`height` picture, in whole pixels and inside it; the centred largest one without a crop. */
function cropSquare(width: number, height: number, crop: AvatarCrop): Square {
  const shorter = Math.min(width, height);
  if (crop.x === undefined || crop.y === undefined || crop.size === undefined) {
    return { left: Math.floor((width - shorter) / 2), top: Math.floor((height - shorter) / 2), side: shorter };
  }
  const side = Math.max(1, Math.min(shorter, Math.round(crop.size * shorter)));
  const inside = (start: number, extent: number) => Math.max(0, Math.min(extent - side, Math.round(start * extent)));
  return { left: inside(crop.x, width), top: inside(crop.y, height), side };
}

export interface ProcessedAvatar {
  /** The WebP file. */
  data: Buffer;
  /** Its SHA-256, the first 16 hex digits: the URL's version and the ETag. */
  hash: string;
  /** Its width and height. */
  size: number;
}

/** sharp's words for an image over `limitInputPixels`. */
const isPixelLimitError = (error: unknown) => error instanceof Error && /pixel limit/i.test(error.message);

/**
 * The stored form of `bytes`: 400 IMAGE_INVALID for anything that is not a
 * PNG, JPEG or WebP that decodes cleanly (a truncated file, a corrupt one:
 * libvips' warnings count as failures), 400 IMAGE_TOO_MANY_PIXELS past
 * MAX_INPUT_PIXELS.
 */
export async function processAvatar(bytes: Buffer, crop: AvatarCrop): Promise<ProcessedAvatar> {
  if (!sniffFormat(bytes)) throw avatarErrors.invalid();
  const decoder = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "warning", animated: false });
  try {
    const metadata = await decoder().metadata();
    const upright = metadata.autoOrient;
    if (!upright?.width || !upright.height) throw avatarErrors.invalid();
    const square = cropSquare(upright.width, upright.height, crop);
    const size = Math.min(square.side, AVATAR_MAX_SIZE);
    const data = await decoder()
      .autoOrient()
      .extract({ left: square.left, top: square.top, width: square.side, height: square.side })
      .resize(size, size)
      .webp({ quality: 82 })
      .toBuffer();
    return { data, hash: createHash("sha256").update(data).digest("hex").slice(0, 16), size };
  } catch (error) {
    if (isPixelLimitError(error)) throw avatarErrors.tooManyPixels(MAX_INPUT_PIXELS);
    if (error instanceof HttpError) throw error;
    // Whatever else libvips says (a read error, premature end, bad huffman code) means the file does not decode.
    throw avatarErrors.invalid();
  }
}
