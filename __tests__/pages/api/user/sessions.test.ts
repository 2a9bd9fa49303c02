/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0", "SESSION_MAX_AGE": "86400"}} */
import * as sessionsRoute from "@/pages/api/user/sessions";
import * as sessionRoute from "@/pages/api/user/sessions/[id]";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { APP_ORIGIN, CookieJar, getSession, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser, rawCollection } from "../../../helpers/users";

const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0";
/** SESSION_MAX_AGE in this file, as the docblock sets it. */
const MAX_AGE_MS = 86_400 * 1000;
const MINUTE_MS = 60 * 1000;
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36";

async function twoDevices() {
  const user = await createTestUser();
  const laptop = new CookieJar();
  const phone = new CookieJar();
  await signIn(laptop, { email: user.email, password: user.password }, { "user-agent": FIREFOX });
  await signIn(phone, { email: user.email, password: user.password }, { "user-agent": CHROME_ANDROID });
  return { user, laptop, phone };
}

async function list(jar: CookieJar) {
  return callRoute<SessionsResponse>(sessionsRoute, { jar });
}

/** This browser's device session id, as its token carries it. */
async function deviceIdOf(jar: CookieJar): Promise<string> {
  const session = await getSession(jar);
  if (!session?.deviceSessionId) throw new Error("deviceIdOf: this browser is not signed in");
  return session.deviceSessionId;
}

/** Rewrites a device session's stored times, as time passing (or an older configuration) would have left them. */
async function setTimes(id: string, times: { lastSeenAt?: Date; expires?: Date }) {
  const { ObjectId } = await import("mongodb");
  await (await rawCollection("sessions")).updateOne({ _id: new ObjectId(id) }, { $set: times });
}

function revoke(jar: CookieJar, id: string) {
  return callRoute(sessionRoute, { method: "DELETE", jar, params: { id }, headers: { origin: APP_ORIGIN } });
}

describe("device sessions", () => {
  it("lists the user's devices with browser, system and IP, marking this one", async () => {
    const { laptop } = await twoDevices();
    const res = await list(laptop);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const rows = res.body.sessions;
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.current)).toMatchObject({ browser: "Firefox 130", os: "Mac OS 14.5" });
    expect(rows.find((row) => !row.current)).toMatchObject({ browser: "Chrome 128", os: "Android 14", ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(JSON.stringify(rows)).not.toMatch(/sessionToken/);
  });

  it("never lists a device unused for longer than SESSION_MAX_AGE, nor an expired one", async () => {
    const { user, laptop, phone } = await twoDevices();
    const [idle, expired, recent] = [new CookieJar(), new CookieJar(), new CookieJar()];
    for (const jar of [idle, expired, recent]) {
      await signIn(jar, { email: user.email, password: user.password }, { "user-agent": CHROME_ANDROID });
    }
    const [laptopId, phoneId, idleId, expiredId, recentId] = await Promise.all([
      deviceIdOf(laptop),
      deviceIdOf(phone),
      deviceIdOf(idle),
      deviceIdOf(expired),
      deviceIdOf(recent),
    ]);
    const now = Date.now();
    // Abandoned, though its expiry is still ahead (as a longer SESSION_MAX_AGE at its last use would have left it).
    await setTimes(idleId, { lastSeenAt: new Date(now - MAX_AGE_MS - MINUTE_MS), expires: new Date(now + MAX_AGE_MS) });
    await setTimes(expiredId, { expires: new Date(now - MINUTE_MS) });
    await setTimes(recentId, { lastSeenAt: new Date(now - MAX_AGE_MS + 10 * MINUTE_MS) });

    const res = await list(laptop);
    expect(res.status).toBe(200);
    const listed = res.body.sessions.map((row) => row.id);
    expect(listed.toSorted()).toEqual([laptopId, phoneId, recentId].toSorted());
  });

  it("a device unused for longer than SESSION_MAX_AGE is signed out, even with its expiry still ahead", async () => {
    const { laptop, phone } = await twoDevices();
    const phoneId = await deviceIdOf(phone);
    const now = Date.now();
    // As a longer SESSION_MAX_AGE at its last use would have left it: the expiry is ahead, the last use too old.
    await setTimes(phoneId, { lastSeenAt: new Date(now - MAX_AGE_MS - MINUTE_MS), expires: new Date(now + MAX_AGE_MS) });

    expect((await list(phone)).status).toBe(401);
    expect((await list(laptop)).status).toBe(200);
    // Using the cookie did not bring it back into the list.
    expect((await list(laptop)).body.sessions.map((row) => row.id)).not.toContain(phoneId);
  });

  it("lists this device first, then the others by last activity", async () => {
    const { user, laptop, phone } = await twoDevices();
    const tablet = new CookieJar();
    await signIn(tablet, { email: user.email, password: user.password }, { "user-agent": CHROME_ANDROID });
    const [laptopId, phoneId, tabletId] = await Promise.all([deviceIdOf(laptop), deviceIdOf(phone), deviceIdOf(tablet)]);
    // This file revalidates on every request, so this device was just seen: only a later stamp (another
    // device's clock, or this one not revalidated for a while) puts another device ahead of it.
    await setTimes(phoneId, { lastSeenAt: new Date(Date.now() + MINUTE_MS) });
    await setTimes(tabletId, { lastSeenAt: new Date(Date.now() + 2 * MINUTE_MS) });
    const rows = (await list(laptop)).body.sessions;
    expect(rows.map((row) => row.id)).toEqual([laptopId, tabletId, phoneId]);
    expect(rows.map((row) => row.current)).toEqual([true, false, false]);
  });

  it("lists the 50 most recently used devices, this one first, however many are signed in", async () => {
    const { user, laptop } = await twoDevices();
    const laptopId = await deviceIdOf(laptop);
    const { ObjectId } = await import("mongodb");
    const now = Date.now();
    // 60 more devices, as a script signing in on every run leaves them; the newest are seen later than this one.
    const more = Array.from({ length: 60 }, (_unused, index) => ({
      _id: new ObjectId(),
      sessionToken: `bulk-${index}-${now}`,
      userId: user._id,
      userAgent: CHROME_ANDROID,
      ip: "203.0.113.9",
      createdAt: new Date(now),
      lastSeenAt: new Date(now + (index + 1) * 1000),
      expires: new Date(now + MAX_AGE_MS),
    }));
    await (await rawCollection("sessions")).insertMany(more);

    const rows = (await list(laptop)).body.sessions;
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatchObject({ id: laptopId, current: true });
    // The other 49: the most recently seen of the bulk ones, newest first.
    expect(rows.slice(1).map((row) => row.id)).toEqual(more.slice(-49).reverse().map((device) => device._id.toString()));
  });

  it("ends one device: its cookie stops working, the other keeps working", async () => {
    const { laptop, phone } = await twoDevices();
    const phoneRow = (await list(laptop)).body.sessions.find((row) => !row.current)!;
    expect((await revoke(laptop, phoneRow.id)).status).toBe(204);
    expect(await getSession(phone)).toBeNull();
    expect(await getSession(laptop)).not.toBeNull();
    expect((await list(laptop)).body.sessions).toHaveLength(1);
  });

  it("ends every other device at once", async () => {
    const { laptop, phone } = await twoDevices();
    const res = await callRoute(sessionsRoute, { method: "DELETE", jar: laptop, headers: { origin: APP_ORIGIN } });
    expect(res).toMatchObject({ status: 200, body: { revoked: 1 } });
    expect(await getSession(phone)).toBeNull();
    expect((await list(laptop)).body.sessions.map((row) => row.current)).toEqual([true]);
  });

  it("answers 404 for another user's session and 400 for a malformed id", async () => {
    const alice = await twoDevices();
    const bob = await twoDevices();
    const aliceRow = (await list(alice.laptop)).body.sessions[0]!;
    expect((await revoke(bob.laptop, aliceRow.id)).status).toBe(404);
    expect(await getSession(alice.laptop)).not.toBeNull();
    expect((await revoke(bob.laptop, "not-an-id")).status).toBe(400);
  });

  it("answers 401 signed out and 403 cross-site", async () => {
    expect((await list(new CookieJar())).status).toBe(401);
    const { laptop } = await twoDevices();
    const cross = await callRoute(sessionsRoute, { method: "DELETE", jar: laptop, headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
  });
});
