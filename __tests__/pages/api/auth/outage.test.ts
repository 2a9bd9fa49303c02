/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import * as meRoute from "@/pages/api/user/me";
import { CookieJar, SESSION_COOKIE, getSession, pastRevalidation, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { TcpProxy } from "../../../helpers/tcp-proxy";
import { firstHost, testServerUri, withHost } from "../../../helpers/test-db";
import { createTestUser } from "../../../helpers/users";

/**
 * The app reaches the database through a proxy the test can cut, so the
 * outage is real: connections drop and new ones are refused.
 */
const proxy = new TcpProxy(firstHost(testServerUri()));

beforeAll(async () => {
  await proxy.start();
  process.env.MONGODB_URI = withHost(process.env.MONGODB_URI!, `127.0.0.1:${proxy.port}`);
});

afterAll(() => proxy.stop());

/** Retries `probe` until it holds (the test's timeout bounds it): the driver may need a moment to reconnect. */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 500));
  return true;
}

describe("while the database is unreachable", () => {
  it("keeps signed-in users signed in, answers DB-backed routes with 503, and revalidates once it is back", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    expect((await signIn(jar, { email: user.email, password: user.password })).error).toBeNull();
    const cookieBefore = jar.get(SESSION_COOKIE);

    await proxy.stop();
    await pastRevalidation(jar);
    // The revalidation fails: the session stays as it was, the cookie is not cleared.
    expect((await getSession(jar))?.user.id).toBe(user.id);
    expect(jar.get(SESSION_COOKIE)).toBeTruthy();
    expect(cookieBefore).toBeTruthy();

    const me = await callRoute<{ error?: { code: string } }>(meRoute, { jar });
    expect(me.status).toBe(503);
    expect(me.body.error?.code).toBe("DATABASE_UNAVAILABLE");
    expect(me.headers.get("retry-after")).toBeTruthy();

    await proxy.start();
    expect(await eventually(async () => (await callRoute(meRoute, { jar })).status === 200)).toBe(true);
    expect((await getSession(jar))?.user.id).toBe(user.id);
  });

  it("answers a sign-in with the generic SIGNIN_UNAVAILABLE code, never an internal message", async () => {
    const user = await createTestUser();
    await proxy.stop();
    try {
      const jar = new CookieJar();
      const result = await signIn(jar, { email: user.email, password: user.password });
      expect(result.error).toBe("SIGNIN_UNAVAILABLE");
      expect(decodeURIComponent(result.url)).not.toMatch(/Mongo|ECONNREFUSED|timed out|selection|127\.0\.0\.1/i);
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    } finally {
      await proxy.start();
    }
  });
});
