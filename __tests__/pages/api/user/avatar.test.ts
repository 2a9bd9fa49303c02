import { crc32 } from "node:zlib";
import { ObjectId } from "mongodb";
import sharp from "sharp";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as avatarRoute from "@/pages/api/user/avatar";
import * as profileRoute from "@/pages/api/user/profile";
import { APP_ORIGIN, CookieJar, signedInUser, updateSession } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { rawCollection, usersCollection } from "../../../helpers/users";

type ErrorAnswer = { error?: { code: string; message: string; fields?: Record<string, string[]> } };
type UploadAnswer = { user?: { id: string; image: string | null } } & ErrorAnswer;

const SAME_ORIGIN = { origin: APP_ORIGIN };

function upload(jar: CookieJar | undefined, body: Uint8Array | string, type = "image/png", options: { query?: Record<string, string>; origin?: string } = {}) {
  return callRoute<UploadAnswer>(avatarRoute, {
    method: "POST",
    jar,
    body,
    headers: { origin: options.origin ?? APP_ORIGIN, "content-type": type },
    ...(options.query ? { query: new URLSearchParams(options.query) } : {}),
  });
}

/** A picture of `width`×`height`, its left half red and its right half blue. */
function halves(width: number, height: number) {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: "red" } }).composite([
    { input: { create: { width: width - half, height, channels: 3, background: "blue" } }, left: half, top: 0 },
  ]);
}

/** A PNG with a tEXt chunk carrying `text`, added after IHDR as a camera or editor would. */
async function pngWithText(text: string): Promise<Buffer> {
  const png = await halves(300, 200).png().toBuffer();
  const data = Buffer.from(`Comment\0${text}`, "latin1");
  const typeAndData = Buffer.concat([Buffer.from("tEXt", "latin1"), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData) >>> 0, 8 + data.length);
  const afterHeader = 8 + 25; // signature, then IHDR (length, type, 13 bytes, CRC)
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** A tiny, valid PNG whose header claims `side`×`side` pixels: a decompression bomb. */
async function pngBomb(side: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } }).png().toBuffer());
  png.writeUInt32BE(side, 16);
  png.writeUInt32BE(side, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

async function storedAvatar(userId: string) {
  return (await rawCollection("avatars")).findOne({ _id: new ObjectId(userId) });
}

async function storedBytes(userId: string): Promise<Buffer> {
  const doc = await storedAvatar(userId);
  if (!doc) throw new Error("no avatar stored");
  return Buffer.from(doc.data.buffer);
}

/** The colour at the middle of a picture, as [r, g, b]. */
async function middleColour(bytes: Buffer): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [...data.subarray(offset, offset + 3)];
}

const isBlue = ([r, g, b]: number[]) => (b ?? 0) > 200 && (r ?? 255) < 60 && (g ?? 255) < 60;

describe("POST /api/user/avatar", () => {
  it.each([
    ["a PNG", "image/png", () => halves(900, 600).png().toBuffer(), 256],
    ["a JPEG", "image/jpeg", () => halves(700, 1000).jpeg().toBuffer(), 256],
    ["a WebP", "image/webp", () => halves(120, 90).webp().toBuffer(), 90],
  ])("takes %s and stores only a square WebP of at most 256 px, which becomes the picture", async (_label, type, make, side) => {
    const { user, jar } = await signedInUser();
    const res = await upload(jar, await make(), type);
    expect(res.status).toBe(200);
    const stored = await storedAvatar(user.id);
    expect(res.body.user?.image).toBe(`/api/avatars/${user.id}?v=${stored?.hash}`);
    const metadata = await sharp(await storedBytes(user.id)).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: side, height: side });
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ image: res.body.user?.image });
    expect((await updateSession(jar))?.user.image).toBe(res.body.user?.image);
  });

  it("keeps no metadata: a PNG's text chunk and a JPEG's EXIF are gone, the orientation applied", async () => {
    const { user, jar } = await signedInUser();
    expect((await upload(jar, await pngWithText("secret-png-comment"))).status).toBe(200);
    const fromPng = await storedBytes(user.id);
    expect(fromPng.toString("latin1")).not.toContain("secret-png-comment");
    expect(await sharp(fromPng).metadata()).not.toHaveProperty("comments");

    // Stored sideways (left half red, right blue), EXIF says turn it a quarter clockwise: upright, the top is red, the bottom blue.
    const jpeg = await halves(400, 200)
      .jpeg()
      .withExif({ IFD0: { ImageDescription: "secret-exif-description", Make: "SecretCam" } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect((await upload(jar, jpeg, "image/jpeg", { query: { x: "0", y: "0.5", size: "1" } })).status).toBe(200);
    const fromJpeg = await storedBytes(user.id);
    expect(fromJpeg.toString("latin1")).not.toMatch(/secret-exif-description|SecretCam|Exif/);
    const metadata = await sharp(fromJpeg).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 200, height: 200 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(isBlue(await middleColour(fromJpeg))).toBe(true);
  });

  it("keeps the square the crop asks for, and the centred one without", async () => {
    const { user, jar } = await signedInUser();
    expect((await upload(jar, await halves(400, 200).png().toBuffer(), "image/png", { query: { x: "0.5", y: "0", size: "1" } })).status).toBe(200);
    expect(isBlue(await middleColour(await storedBytes(user.id)))).toBe(true);
    // A square past the right edge is moved inside it.
    expect((await upload(jar, await halves(400, 200).png().toBuffer(), "image/png", { query: { x: "0.9", y: "0", size: "0.5" } })).status).toBe(200);
    expect(isBlue(await middleColour(await storedBytes(user.id)))).toBe(true);
    const centred = await upload(jar, await halves(400, 200).png().toBuffer());
    expect(centred.status).toBe(200);
    expect((await sharp(await storedBytes(user.id)).metadata()).width).toBe(200);
  });

  it.each([
    ["text", "image/png", async () => Buffer.from("hello, this is not an image"), "IMAGE_INVALID"],
    ["an SVG", "image/png", async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), "IMAGE_INVALID"],
    ["a truncated PNG", "image/png", async () => (await halves(300, 300).png().toBuffer()).subarray(0, 400), "IMAGE_INVALID"],
    [
      "a truncated JPEG",
      "image/jpeg",
      async () => (await sharp({ create: { width: 300, height: 300, channels: 3, background: "gray", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer()).subarray(0, 3000),
      "IMAGE_INVALID",
    ],
    ["a decompression bomb (a tiny PNG claiming 30000×30000)", "image/png", () => pngBomb(30_000), "IMAGE_TOO_MANY_PIXELS"],
    // Over our 36 MP but under libvips' own limit (268 MP): refused by ours, from the header, before decoding.
    ["a tiny PNG claiming 7000×7000", "image/png", () => pngBomb(7_000), "IMAGE_TOO_MANY_PIXELS"],
  ])("refuses %s with 400, and changes nothing", async (_label, type, make, code) => {
    const { user, jar } = await signedInUser();
    await callRoute(profileRoute, { method: "PATCH", jar, json: { image: "https://images.example.com/me.png" }, headers: SAME_ORIGIN });
    const res = await upload(jar, await make(), type);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(code);
    expect(await storedAvatar(user.id)).toBeNull();
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ image: "https://images.example.com/me.png" });
  });

  it("refuses more than 5 MB with 413 and another content type with 415", async () => {
    const { user, jar } = await signedInUser();
    const tooBig = await upload(jar, Buffer.alloc(5 * 1024 * 1024 + 1, 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: "The picture must be at most 5 MB" });
    const gif = await upload(jar, await halves(10, 10).gif().toBuffer(), "image/gif");
    expect(gif.status).toBe(415);
    expect(gif.body.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await storedAvatar(user.id)).toBeNull();
  });

  it("refuses a crop it cannot read with the field named", async () => {
    const { jar } = await signedInUser();
    const res = await upload(jar, await halves(40, 40).png().toBuffer(), "image/png", { query: { x: "2", y: "0", size: "1" } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error?.fields ?? {})).toEqual(["x"]);
    const partial = await upload(jar, await halves(40, 40).png().toBuffer(), "image/png", { query: { x: "0" } });
    expect(partial.status).toBe(400);
  });

  it("answers 401 signed out, 403 cross-site, and 429 after ten uploads in ten minutes", async () => {
    const png = await halves(20, 20).png().toBuffer();
    expect((await upload(undefined, png)).status).toBe(401);
    const { user, jar } = await signedInUser();
    const crossSite = await upload(jar, png, "image/png", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error?.code).toBe("CROSS_SITE_REQUEST");
    expect(await storedAvatar(user.id)).toBeNull();
    for (let attempt = 1; attempt <= 10; attempt += 1) expect((await upload(jar, png)).status).toBe(200);
    const limited = await upload(jar, png);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe("RATE_LIMITED");
  });

  it("is refused while an admin views as the user, and stores nothing", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const { user } = await signedInUser();
    const started = await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN });
    expect(started.status).toBe(200);
    const res = await upload(adminJar, await halves(40, 40).png().toBuffer());
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("FORBIDDEN");
    expect(await storedAvatar(user.id)).toBeNull();
    const removed = await callRoute<ErrorAnswer>(avatarRoute, { method: "DELETE", jar: adminJar, headers: SAME_ORIGIN });
    expect(removed.status).toBe(403);
  });
});

describe("DELETE /api/user/avatar", () => {
  it("removes the stored picture and the image that showed it", async () => {
    const { user, jar } = await signedInUser();
    expect((await upload(jar, await halves(40, 40).png().toBuffer())).status).toBe(200);
    const res = await callRoute(avatarRoute, { method: "DELETE", jar, headers: SAME_ORIGIN });
    expect(res.status).toBe(204);
    expect(await storedAvatar(user.id)).toBeNull();
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ image: null });
  });

  it("leaves a link the user chose instead, and refuses another site", async () => {
    const { user, jar } = await signedInUser();
    expect((await upload(jar, await halves(40, 40).png().toBuffer())).status).toBe(200);
    await callRoute(profileRoute, { method: "PATCH", jar, json: { image: "https://images.example.com/me.png" }, headers: SAME_ORIGIN });
    expect((await callRoute(avatarRoute, { method: "DELETE", jar, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect(await storedAvatar(user.id)).not.toBeNull();
    expect((await callRoute(avatarRoute, { method: "DELETE", jar, headers: SAME_ORIGIN })).status).toBe(204);
    expect(await storedAvatar(user.id)).toBeNull();
    expect(await (await usersCollection()).findOne({ _id: user._id })).toMatchObject({ image: "https://images.example.com/me.png" });
  });
});
