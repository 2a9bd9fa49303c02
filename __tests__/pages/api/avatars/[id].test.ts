import { ObjectId } from "mongodb";
import sharp from "sharp";
import * as avatarImageRoute from "@/pages/api/avatars/[id]";
import * as avatarRoute from "@/pages/api/user/avatar";
import { APP_ORIGIN, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";

async function userWithPicture() {
  const { user, jar } = await signedInUser();
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "teal" } }).png().toBuffer();
  const res = await callRoute<{ user: { image: string } }>(avatarRoute, {
    method: "POST",
    jar,
    body: png,
    headers: { origin: APP_ORIGIN, "content-type": "image/png" },
  });
  expect(res.status).toBe(200);
  const version = new URL(res.body.user.image, APP_ORIGIN).searchParams.get("v") ?? "";
  return { user, jar, version };
}

function getAvatar(id: string, v?: string, headers: Record<string, string> = {}) {
  return callRoute(avatarImageRoute, { params: { id }, headers, ...(v === undefined ? {} : { query: new URLSearchParams({ v }) }) });
}

describe("GET /api/avatars/[id]", () => {
  it("serves the stored WebP to anyone, cached for a year under its current version", async () => {
    const { user, version } = await userWithPicture();
    const res = await getAvatar(user.id, version);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("etag")).toBe(`"${version}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("caches briefly without the current version, and answers a revalidation with 304", async () => {
    const { user, version } = await userWithPicture();
    for (const v of [undefined, "0123456789abcdef"]) {
      const res = await getAvatar(user.id, v);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    }
    const revalidated = await getAvatar(user.id, version, { "if-none-match": `"${version}"` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe("");
    const changed = await getAvatar(user.id, version, { "if-none-match": '"0123456789abcdef"' });
    expect(changed.status).toBe(200);
  });

  it("answers 404 for a user without a picture and after it is removed, 400 for what is not an id", async () => {
    expect((await getAvatar(new ObjectId().toString())).status).toBe(404);
    const { user, jar } = await userWithPicture();
    await callRoute(avatarRoute, { method: "DELETE", jar, headers: { origin: APP_ORIGIN } });
    const gone = await getAvatar(user.id, undefined, { "if-none-match": '"0123456789abcdef"' });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await getAvatar("not-an-id")).status).toBe(400);
  });
});
