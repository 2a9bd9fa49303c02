import { beginShutdown } from "@/lib/core/lifecycle";
import * as readyRoute from "@/pages/api/health/ready";
import { callRoute } from "../../helpers/http";
import { TcpProxy } from "../../helpers/tcp-proxy";
import { firstHost, testServerUri, withHost } from "../../helpers/test-db";

/**
 * Readiness through Next's request handling, with a database the test can cut
 * (a proxy in front of the real one) and the process's shutdown flag. The
 * tests run in order: shutting down cannot be undone in a process.
 */
const proxy = new TcpProxy(firstHost(testServerUri()));

beforeAll(async () => {
  await proxy.start();
  process.env.MONGODB_URI = withHost(process.env.MONGODB_URI!, `127.0.0.1:${proxy.port}`);
});

afterAll(() => proxy.stop());

async function ready() {
  return callRoute<{ status: string }>(readyRoute);
}

/** Polls until the route says `status` (the test's timeout bounds it): a reconnection may take a few tries. */
async function eventually(status: string) {
  let result = await ready();
  while (result.body.status !== status) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    result = await ready();
  }
  return result;
}

describe("GET /api/health/ready", () => {
  it("is 200 ready, never cached, while the database answers", async () => {
    const result = await ready();
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: "ready" });
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect(result.headers.get("retry-after")).toBeNull();
  });

  it("is 503 unavailable with Retry-After while the database is unreachable, and ready again once it is back", async () => {
    await proxy.stop();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: "unavailable" });
    expect(down.headers.get("retry-after")).toBe("5");
    expect(down.headers.get("cache-control")).toBe("no-store");
    await proxy.start();
    expect((await eventually("ready")).status).toBe(200);
  }, 30_000);

  it("is 503 draining once the process is shutting down, though the database still answers", async () => {
    beginShutdown();
    const draining = await ready();
    expect(draining.status).toBe(503);
    expect(draining.body).toEqual({ status: "draining" });
    expect(draining.headers.get("retry-after")).toBe("5");
  });

  it("answers other methods with 405", async () => {
    const result = await callRoute(readyRoute, { method: "POST", headers: { origin: "http://localhost:3000" } });
    expect(result.status).toBe(405);
    expect(result.headers.get("allow")).toBe("GET");
  });
});
