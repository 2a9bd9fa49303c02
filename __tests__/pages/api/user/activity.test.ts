/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { ObjectId } from "mongodb";
import * as activityRoute from "@/pages/api/user/activity";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as sessionsRoute from "@/pages/api/user/sessions";
import * as sessionRoute from "@/pages/api/user/sessions/[id]";
import { flushAuthEvents, hashEmail, recordAuthEvent } from "@/lib/audit";
import type { AuthEventsResponse, AuthEventView } from "@/lib/audit/shared";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { APP_ORIGIN, CookieJar, signIn, signUp, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser, GOOD_PASSWORD, rawCollection } from "../../../helpers/users";

const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0";
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36";
const ORIGIN = { origin: APP_ORIGIN };
const DAY_MS = 24 * 60 * 60 * 1000;

/** GET /api/user/activity, once every event recorded so far has been written. */
async function activity(jar: CookieJar) {
  await flushAuthEvents();
  return callRoute<AuthEventsResponse>(activityRoute, { jar });
}

const ofType = (events: AuthEventView[], prefix: string) => events.filter((event) => event.type.startsWith(prefix));

async function authEvents() {
  return rawCollection("authEvents");
}

describe("GET /api/user/activity", () => {
  it("answers 401 signed out, and is never cached", async () => {
    expect((await callRoute(activityRoute)).status).toBe(401);
    const { jar } = await signedInUser();
    const res = await activity(jar);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect((await callRoute(activityRoute, { method: "POST", jar, headers: ORIGIN })).status).toBe(405);
  });

  it("starts with the sign-up, in plain words, with the device and IP it came from", async () => {
    const email = "new.member@example.com";
    expect((await signUp({ name: "New Member", email, password: GOOD_PASSWORD }, { "user-agent": FIREFOX })).status).toBe(201);
    const jar = new CookieJar();
    await signIn(jar, { email, password: GOOD_PASSWORD });

    const { events } = (await activity(jar)).body;
    expect(ofType(events, "signup")).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        type: "signup",
        at: expect.any(String),
        description: "Created the account",
        device: "Firefox on Mac OS",
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        current: false,
        warning: false,
      },
    ]);
    expect(Date.now() - Date.parse(ofType(events, "signup")[0]!.at)).toBeLessThan(60_000);
  });

  it("records vault changes by provider, from this device, and never the key", async () => {
    const { user, jar } = await signedInUser();
    const first = "tgp_v1_FIRSTsecretFIRSTsecret1234abcd";
    const second = "tgp_v1_SECONDsecretSECONDsecret99wxyz";
    const post = (json: unknown) => callRoute(apiKeysRoute, { method: "POST", jar, json, headers: ORIGIN });
    expect((await post({ togetherAI: first })).status).toBe(200);
    expect((await post({ togetherAI: second })).status).toBe(200);
    // Removing a key that was never set changes nothing, so it is not an event.
    expect((await post({ togetherAI: null, kestra: null })).status).toBe(200);

    const res = await activity(jar);
    expect(ofType(res.body.events, "vault.")).toEqual([
      expect.objectContaining({ type: "vault.key_removed", description: "Removed the Together AI key", current: true }),
      expect.objectContaining({ type: "vault.key_replaced", description: "Replaced the Together AI key", current: true }),
      expect.objectContaining({ type: "vault.key_added", description: "Added a Together AI key", current: true }),
    ]);
    const stored = await (await authEvents()).find({ userId: user._id }).toArray();
    expect(stored.filter((event) => String(event.type).startsWith("vault.")).map((event) => event.detail)).toEqual([
      { provider: "togetherAI" },
      { provider: "togetherAI" },
      { provider: "togetherAI" },
    ]);
    for (const text of [res.text, JSON.stringify(stored)]) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
      expect(text).not.toContain("FIRSTsecret");
    }
  });

  it("records signing out one device and signing out every other device", async () => {
    const user = await createTestUser();
    const [laptop, phone, tablet] = [new CookieJar(), new CookieJar(), new CookieJar()];
    await signIn(laptop, { email: user.email, password: user.password }, { "user-agent": FIREFOX });
    await signIn(phone, { email: user.email, password: user.password }, { "user-agent": CHROME_ANDROID });
    const phoneRow = (await callRoute<SessionsResponse>(sessionsRoute, { jar: laptop })).body.sessions.find((row) => !row.current)!;
    const fromLaptop = { ...ORIGIN, "user-agent": FIREFOX };
    const revokeOne = await callRoute(sessionRoute, { method: "DELETE", jar: laptop, params: { id: phoneRow.id }, headers: fromLaptop });
    expect(revokeOne.status).toBe(204);
    await signIn(tablet, { email: user.email, password: user.password }, { "user-agent": CHROME_ANDROID });
    const fromTablet = { ...ORIGIN, "user-agent": CHROME_ANDROID };
    expect((await callRoute(sessionsRoute, { method: "DELETE", jar: tablet, headers: fromTablet })).body).toEqual({ revoked: 1 });

    const seenFromTablet = ofType((await activity(tablet)).body.events, "session.");
    expect(seenFromTablet).toEqual([
      expect.objectContaining({ description: "Signed out 1 other device", device: "Chrome on Android", current: true }),
      expect.objectContaining({ description: "Signed out another device", device: "Firefox on Mac OS", current: false }),
    ]);
  });

  it("shows only the signed-in user's own events", async () => {
    const alice = await signedInUser();
    const bob = await signedInUser();
    const context = { ip: "203.0.113.7", userAgent: FIREFOX };
    await recordAuthEvent({ type: "password.changed", userId: alice.user.id, context });
    await recordAuthEvent({ type: "signout", userId: alice.user.id, context });
    await recordAuthEvent({ type: "signin.failed", reason: "bad_password", userId: bob.user.id, context });

    const aliceEvents = (await activity(alice.jar)).body.events;
    const bobEvents = (await activity(bob.jar)).body.events;
    expect(aliceEvents.map((event) => event.type)).toEqual(expect.arrayContaining(["password.changed", "signout"]));
    expect(aliceEvents.map((event) => event.type)).not.toContain("signin.failed");
    expect(bobEvents).toContainEqual(
      expect.objectContaining({ type: "signin.failed", description: "Failed sign-in: wrong password", ip: "203.0.113.7", warning: true }),
    );
    const aliceIds = new Set(aliceEvents.map((event) => event.id));
    expect(bobEvents.filter((event) => aliceIds.has(event.id))).toEqual([]);
    expect(bobEvents.map((event) => event.type)).not.toContain("password.changed");
  });

  it("answers the 50 newest events, newest first, and nothing older than 90 days", async () => {
    const { user, jar } = await signedInUser();
    const now = Date.now();
    const base = { userId: user._id, type: "signout", ip: "198.51.100.1", userAgent: FIREFOX };
    const recent = Array.from({ length: 60 }, (_, index) => ({ ...base, _id: new ObjectId(), at: new Date(now - (index + 1) * 60_000) }));
    const tooOld = { ...base, _id: new ObjectId(), at: new Date(now - 91 * DAY_MS) };
    await (await authEvents()).insertMany([tooOld, ...recent.toReversed()]);

    const { events } = (await activity(jar)).body;
    expect(events).toHaveLength(50);
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ids = events.map((event) => event.id);
    expect(ids).not.toContain(tooOld._id.toString());
    // Events the app records itself (a sign-in, say) are newer than the inserted ones and come first.
    const recentIds = recent.map((event) => event._id.toString());
    const shown = ids.filter((id) => recentIds.includes(id));
    expect(shown.length).toBeGreaterThanOrEqual(45);
    expect(shown).toEqual(recentIds.slice(0, shown.length));
  });

  it("keeps an unknown account's email only as a keyed hash, and never shows it", async () => {
    const typed = "  Nobody.Here@Example.COM ";
    await recordAuthEvent({
      type: "signin.failed",
      reason: "unknown_account",
      email: typed,
      context: { ip: "192.0.2.44", userAgent: FIREFOX },
    });
    const stored = await (await authEvents()).find({ ip: "192.0.2.44" }).toArray();
    expect(stored).toHaveLength(1);
    const [event] = stored;
    expect(event).toMatchObject({ type: "signin.failed", detail: { reason: "unknown_account" } });
    expect(event).not.toHaveProperty("userId");
    expect(event?.emailHash).toBe(hashEmail("nobody.here@example.com"));
    expect(event?.emailHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored).toLowerCase()).not.toContain("nobody");

    // Nobody's activity shows it, and no answer ever carries an email hash.
    const { jar } = await signedInUser();
    const res = await activity(jar);
    expect(res.body.events.map((row) => row.ip)).not.toContain("192.0.2.44");
    expect(res.text).not.toContain("emailHash");
    expect(res.text).not.toContain(event?.emailHash);
  });
});
