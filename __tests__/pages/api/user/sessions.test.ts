/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import * as sessionsRoute from "@/pages/api/user/sessions";
import * as sessionRoute from "@/pages/api/user/sessions/[id]";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { APP_ORIGIN, CookieJar, getSession, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser } from "../../../helpers/users";

const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0";
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
