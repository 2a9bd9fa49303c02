import { testApiHandler } from "next-test-api-route-handler";
import handler from "@/pages/api/health";
import { TcpProxy } from "../../helpers/tcp-proxy";
import { firstHost, testServerUri, withHost } from "../../helpers/test-db";

/**
 * The app reaches the database through a proxy that the test can cut, so an
 * outage and a recovery happen for real while the app keeps running.
 */
const proxy = new TcpProxy(firstHost(testServerUri()));

async function health(): Promise<{ status: number; body: unknown; ms: number }> {
  let result = { status: 0, body: null as unknown, ms: 0 };
  await testApiHandler({
    pagesHandler: handler,
    async test({ fetch }) {
      const started = performance.now();
      const res = await fetch({ method: "GET" });
      result = { status: res.status, body: await res.json(), ms: performance.now() - started };
    },
  });
  return result;
}

/**
 * Polls until healthy, bounded: a request arriving while a connection attempt
 * started during the outage is still in flight may share that attempt's fate.
 */
async function eventuallyHealthy(): Promise<{ status: number; body: unknown }> {
  let result = await health();
  for (let attempt = 0; result.status !== 200 && attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    result = await health();
  }
  return result;
}

beforeAll(async () => {
  await proxy.start();
  process.env.MONGODB_URI = withHost(process.env.MONGODB_URI!, `127.0.0.1:${proxy.port}`);
  await proxy.stop();
});

afterAll(() => proxy.stop());

describe("GET /api/health while the database comes and goes", () => {
  it("answers 503 in under 6 s when the database was never reachable", async () => {
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: "degraded", db: "down" });
    expect(down.ms).toBeLessThan(6_000);
  });

  it("recovers by itself once the database is reachable", async () => {
    await proxy.start();
    const up = await eventuallyHealthy();
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: "ok", db: "up" });
  });

  it("answers 503 in under 6 s when an established connection is lost, then recovers", async () => {
    await proxy.stop();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(6_000);

    await proxy.start();
    expect((await eventuallyHealthy()).status).toBe(200);
  });
});
