import { testApiHandler } from "next-test-api-route-handler";
import mongoose from "mongoose";
import { pingDatabase } from "@/lib/core/db";
import handler from "@/pages/api/health";
import { handDrivenTimers, until } from "../../helpers/hand-driven-timers";
import { TcpProxy } from "../../helpers/tcp-proxy";
import { firstHost, testServerUri, withHost } from "../../helpers/test-db";

/**
 * The app reaches the database through a proxy that the test can cut, so an
 * outage and a recovery happen for real while the app keeps running.
 */
const proxy = new TcpProxy(firstHost(testServerUri()));

async function health(): Promise<{ status: number; body: unknown }> {
  let result = { status: 0, body: null as unknown };
  await testApiHandler({
    pagesHandler: handler,
    async test({ fetch }) {
      const res = await fetch({ method: "GET" });
      result = { status: res.status, body: await res.json() };
    },
  });
  return result;
}

/**
 * Polls until healthy (the test's timeout bounds it): a request arriving while
 * a connection attempt started during the outage is still in flight may share
 * that attempt's fate.
 */
async function eventuallyHealthy(): Promise<{ status: number; body: unknown }> {
  let result = await health();
  while (result.status !== 200) {
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
  it("gives up at its own 4 s deadline however long the driver would wait, so a health check cannot hang", async () => {
    let stopConnecting: (error: Error) => void = () => {};
    const connecting = jest.spyOn(mongoose, "connect").mockReturnValueOnce(
      new Promise<never>((_connected, failed) => {
        stopConnecting = failed;
      }),
    );
    const timers = handDrivenTimers();
    try {
      let up: boolean | undefined;
      // The default deadline, as the route pings; this connection attempt never ends on its own.
      const pinging = pingDatabase(undefined, timers.schedule).then((answer) => {
        up = answer;
      });
      await until(() => connecting.mock.calls.length === 1);
      expect(timers.pending()).toEqual([4_000]);
      expect(up).toBeUndefined();

      timers.fire();
      await pinging;
      expect(up).toBe(false);
    } finally {
      stopConnecting(new Error("the test is over"));
      connecting.mockRestore();
    }
  });

  it("answers 503 when the database was never reachable", async () => {
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: "degraded", db: "down" });
  });

  it("recovers by itself once the database is reachable", async () => {
    await proxy.start();
    const up = await eventuallyHealthy();
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: "ok", db: "up" });
  });

  it("answers 503 when an established connection is lost, then recovers", async () => {
    await proxy.stop();
    const down = await health();
    expect(down.status).toBe(503);

    await proxy.start();
    expect((await eventuallyHealthy()).status).toBe(200);
  });
});
