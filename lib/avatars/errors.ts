import "#server-only";
import { HttpError } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { AVATAR_MAX_BYTES } from "./shared";

/** The profile picture's own error kinds (the generic ones are HttpError's). */
export const avatarErrors = {
  /** 413: the upload is over AVATAR_MAX_BYTES (it stops being read there). */
  tooLarge(): HttpError {
    return new HttpError(413, ErrorCode.PayloadTooLarge, `The picture must be at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB`);
  },
  /** 415: the Content-Type is not one of the image types we take. */
  unsupportedType(): HttpError {
    return new HttpError(415, ErrorCode.UnsupportedMediaType, "Send the picture as a PNG, JPEG or WebP image");
  },
  /** 400: the bytes are not a whole PNG, JPEG or WebP image (another format, truncated, corrupt). */
  invalid(): HttpError {
    return new HttpError(400, ErrorCode.ImageInvalid, "This file is not a PNG, JPEG or WebP image that can be read");
  },
  /** 400: the image says it is larger than we decode (a decompression bomb, or a huge photo). */
  tooManyPixels(limitPixels: number): HttpError {
    const megapixels = Math.round(limitPixels / 1_000_000);
    return new HttpError(400, ErrorCode.ImageTooManyPixels, `This picture is too large: use one of at most ${megapixels} megapixels`);
  },
  /** 403: an admin viewing as the user may look, not change their picture. */
  viewingAs(): HttpError {
    return HttpError.forbidden("You are viewing as this user: their picture can't be changed from here");
  },
};
