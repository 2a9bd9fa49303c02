import "client-only";
import { AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES, AVATAR_UPLOAD_URL } from "@/lib/avatars/shared";
import type { MeResponse } from "@/lib/users/shared";
import { apiErrorFrom, sendJson } from "./api-client";

/**
 * Uploading and removing the profile picture. The upload goes with
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */

/** The square to keep, in the fractions `POST /api/user/avatar` takes (lib/avatars/shared.ts). */
interface AvatarCropFractions {
  x: number;
  y: number;
  size: number;
}

/** Why `file` will be refused before it is sent (a wrong type, too big), or null when it may go. */
export function avatarFileProblem(file: Pick<File, "type" | "size">): string | null {
  if (!AVATAR_CONTENT_TYPES.some((type) => type === file.type)) return "Choose a PNG, JPEG or WebP image.";
  if (file.size > AVATAR_MAX_BYTES) return `This image is ${(file.size / 1024 / 1024).toFixed(1)} MB: choose one of at most 5 MB.`;
  return null;
}

/** A fraction as the query takes it: at most six decimals, within 0 and 1. */
const asParam = (value: number) => String(Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000);

/**
 * Sends `file` with the square `crop`; `onProgress` hears the share sent so
 * far (0 to 1). Resolves with the account as now stored; rejects with an
 * ApiError carrying the server's message (too big, not an image, …), or an
 * Error when the server could not be reached.
 */
export function uploadAvatar(file: File, crop: AvatarCropFractions, onProgress: (sent: number) => void): Promise<MeResponse> {
  const query = new URLSearchParams({ x: asParam(crop.x), y: asParam(crop.y), size: asParam(crop.size) });
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${AVATAR_UPLOAD_URL}?${query}`);
    request.setRequestHeader("Content-Type", file.type);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const retryAfter = request.getResponseHeader("Retry-After");
      const response = new Response(request.responseText, { status: request.status, headers: retryAfter ? { "Retry-After": retryAfter } : {} });
      // Our route's answer: the account as `GET /api/user/me` shows it.
      if (response.ok) resolve(response.json() as Promise<MeResponse>);
      else apiErrorFrom(response).then(reject, reject);
    });
    request.addEventListener("error", () => reject(new Error("The upload could not reach the server")));
    request.send(file);
  });
}

/** `DELETE /api/user/avatar`: the uploaded picture goes, and the account shows initials (or a link the person set). */
export function removeAvatar(): Promise<void> {
  return sendJson<void>(AVATAR_UPLOAD_URL, "DELETE");
}
