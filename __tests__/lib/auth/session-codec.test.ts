import { randomBytes } from "node:crypto";
import { decode as nextAuthDecode, encode as nextAuthEncode, type JWT } from "next-auth/jwt";
import { decodeSessionToken, encodeSessionToken, SESSION_UPDATE_AGE_SECONDS } from "@/lib/auth/session-codec";

/**
 * The session codec against next-auth v4's own: the same cookies either way,
 * and the shortcuts (a remembered decryption, an unchanged cookie sent back)
 * never accept what next-auth's would refuse.
 */

const secret = randomBytes(32).toString("base64url");
const claims = {
  sub: "6b0000000000000000000001",
  id: "6b0000000000000000000001",
  role: "user",
  name: "Ada",
  email: "ada@example.com",
  sessionVersion: 0,
  deviceSessionId: "6b0000000000000000000002",
  authTime: 1_700_000_000_000,
  checkedAt: 1_700_000_000_000,
} satisfies JWT;

/** A session while an admin views as the user: the one nested claim. */
const viewAsClaims = {
  ...claims,
  impersonator: { id: "6b0000000000000000000009", name: "Ada Admin", email: null, deviceSessionId: "6b000000000000000000000a", authTime: 1_700_000_000_000, endsAt: 1_700_003_600_000 },
} satisfies JWT;

afterEach(() => jest.useRealTimers());

describe("compatibility with next-auth v4's codec", () => {
  it("decodes a cookie next-auth sealed, with the same claims", async () => {
    const cookie = await nextAuthEncode({ token: claims, secret });

    expect(await decodeSessionToken({ token: cookie, secret })).toEqual(await nextAuthDecode({ token: cookie, secret }));
  });

  it("seals cookies that next-auth decodes, with iat, exp and a jti as next-auth sets them", async () => {
    const cookie = await encodeSessionToken({ token: claims, secret, maxAge: 3600 });
    const decoded = await nextAuthDecode({ token: cookie, secret });

    expect(decoded).toMatchObject(claims);
    expect(decoded?.exp).toBe((decoded?.iat as number) + 3600);
    expect(decoded?.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(cookie.split(".")).toHaveLength(5);
  });

  it("honours a salt as next-auth does", async () => {
    const cookie = await nextAuthEncode({ token: claims, secret, salt: "other" });

    expect(await decodeSessionToken({ token: cookie, secret, salt: "other" })).toMatchObject(claims);
    await expect(decodeSessionToken({ token: cookie, secret })).rejects.toThrow();
  });
});

describe("what it refuses, remembered or not", () => {
  it("refuses a cookie sealed with another secret, even after decoding it under its own", async () => {
    const cookie = await encodeSessionToken({ token: claims, secret });
    await expect(decodeSessionToken({ token: cookie, secret })).resolves.toMatchObject(claims);

    await expect(decodeSessionToken({ token: cookie, secret: randomBytes(32).toString("base64url") })).rejects.toThrow();
  });

  it("refuses a tampered cookie", async () => {
    const cookie = await encodeSessionToken({ token: claims, secret });
    await decodeSessionToken({ token: cookie, secret });
    const parts = cookie.split(".");
    const tampered = [...parts.slice(0, 3), `${parts[3]!.slice(0, -2)}AA`, parts[4]].join(".");

    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
  });

  it("refuses a remembered cookie once it has expired (15 s of clock tolerance, as next-auth)", async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ["nextTick", "setImmediate", "setTimeout", "setInterval"] });
    const cookie = await encodeSessionToken({ token: claims, secret, maxAge: 60 });
    await expect(decodeSessionToken({ token: cookie, secret })).resolves.toMatchObject(claims);

    jest.setSystemTime(Date.now() + 70_000);
    await expect(decodeSessionToken({ token: cookie, secret })).resolves.toMatchObject(claims);
    jest.setSystemTime(Date.now() + 10_000);
    await expect(decodeSessionToken({ token: cookie, secret })).rejects.toThrow(/exp/);
    await expect(nextAuthDecode({ token: cookie, secret })).rejects.toThrow(/exp/);
  });

  it("hands each caller its own copy of the claims", async () => {
    const cookie = await encodeSessionToken({ token: claims, secret });
    const first = await decodeSessionToken({ token: cookie, secret });
    if (first) first.role = "admin";

    expect((await decodeSessionToken({ token: cookie, secret }))?.role).toBe("user");
  });

  it("hands out copies of nested claims too: changing a view-as token's impersonator changes no later read", async () => {
    const cookie = await encodeSessionToken({ token: viewAsClaims, secret });
    for (let read = 0; read < 2; read++) {
      // The first read is the one that fills the cache; the second is served from it.
      const token = await decodeSessionToken({ token: cookie, secret });
      if (!token?.impersonator) throw new Error("no impersonator");
      token.role = "admin";
      token.impersonator.id = "6b00000000000000000000ff";
      token.impersonator.endsAt = Number.MAX_SAFE_INTEGER;
    }

    expect(await decodeSessionToken({ token: cookie, secret })).toMatchObject(viewAsClaims);
  });
});

describe("re-issuing", () => {
  it("gives back the same cookie for the unchanged token it decoded to, and a new one for a changed token", async () => {
    const cookie = await encodeSessionToken({ token: claims, secret });
    const token = await decodeSessionToken({ token: cookie, secret });
    if (!token) throw new Error("no token");

    expect(await encodeSessionToken({ token, secret })).toBe(cookie);
    const changed = { ...token, checkedAt: token.checkedAt + 1 };
    expect(await encodeSessionToken({ token: changed, secret })).not.toBe(cookie);
    token.name = "Changed in place";
    expect(await encodeSessionToken({ token, secret })).not.toBe(cookie);
  });

  it("tells an unchanged nested claim from one changed in place", async () => {
    const cookie = await encodeSessionToken({ token: viewAsClaims, secret });
    const token = await decodeSessionToken({ token: cookie, secret });
    if (!token?.impersonator) throw new Error("no impersonator");

    expect(await encodeSessionToken({ token, secret })).toBe(cookie);
    token.impersonator.endsAt += 1;
    expect(await encodeSessionToken({ token, secret })).not.toBe(cookie);
  });

  it("re-issues an unchanged token once its cookie is older than updateAge", async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ["nextTick", "setImmediate", "setTimeout", "setInterval"] });
    const cookie = await encodeSessionToken({ token: claims, secret });
    jest.setSystemTime(Date.now() + SESSION_UPDATE_AGE_SECONDS * 1000 + 1000);
    const token = await decodeSessionToken({ token: cookie, secret });
    if (!token) throw new Error("no token");

    const reissued = await encodeSessionToken({ token, secret });
    expect(reissued).not.toBe(cookie);
    expect((await nextAuthDecode({ token: reissued, secret }))?.iat).toBe(Math.floor(Date.now() / 1000));
  });
});
