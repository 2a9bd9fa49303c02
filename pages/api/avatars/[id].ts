import type { NextApiResponse } from "next";
import { z } from "zod";
import { findAvatar, findAvatarVersion } from "@/lib/avatars";
import { alreadySent, apiRoute, HttpError } from "@/lib/http";
import { objectIdParamSchema } from "@/lib/http/shared";

/** A version as `avatarUrl` writes it; anything else in `v` is served as "no version". */
const querySchema = objectIdParamSchema("Not a user id").extend({ v: z.string().optional().catch(undefined) });

/** A versioned URL never changes: a new picture is a new `v`. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Without the current version (an old `v`, or none): a short while, then ask again. */
const SHORT = "public, max-age=60";

const etagOf = (hash: string) => `"${hash}"`;

/** Whether an If-None-Match header names `etag` (or is `*`). */
function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(",") : ifNoneMatch;
  if (!value) return false;
  return value.split(",").some((tag) => ["*", etag, `W/${etag}`].includes(tag.trim()));
}

/**
 * A user's uploaded picture, public (docs/security.md says why): the stored
 * WebP, cached for a year under its versioned URL, with an ETag; 404 when
 * there is none. Served as an image that can never be a document: nosniff,
 * a policy that allows nothing, and only for this site's pages to show.
 */
export default apiRoute({
  GET: async (req, res) => {
    const { id, v } = querySchema.parse(req.query);
    const ifNoneMatch = req.headers["if-none-match"];
    // A revalidation reads only the version; the picture is read only to be sent.
    const current = ifNoneMatch ? await findAvatarVersion(id) : null;
    if (current && matches(ifNoneMatch, etagOf(current))) {
      setImageHeaders(res, current, v);
      res.status(304).end();
      return alreadySent();
    }
    const avatar = await findAvatar(id);
    if (!avatar) throw HttpError.notFound("This user has no uploaded picture");
    setImageHeaders(res, avatar.hash, v);
    res.setHeader("Content-Type", "image/webp");
    res.setHeader("Content-Length", String(avatar.data.length));
    res.status(200).end(avatar.data);
    return alreadySent();
  },
});

/** Caching by whether `v` is the current version, and the headers that keep the image an image. */
function setImageHeaders(res: NextApiResponse, hash: string, v: string | undefined): void {
  res.setHeader("Cache-Control", v === hash ? IMMUTABLE : SHORT);
  res.setHeader("ETag", etagOf(hash));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}
