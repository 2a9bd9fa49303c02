import { testApiHandler } from "next-test-api-route-handler";
import handler, * as healthRoute from "@/pages/api/health";
import { signedInUser } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";

describe("GET /api/health", () => {
  it("reports the database as up", async () => {
    await testApiHandler({
      pagesHandler: handler,
      async test({ fetch }) {
        const res = await fetch({ method: "GET" });
        expect(res.status).toBe(200);
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(await res.json()).toEqual({ status: "ok", db: "up" });
      },
    });
  });

  it("answers other methods with 405, an Allow header and the error shape", async () => {
    await testApiHandler({
      pagesHandler: handler,
      async test({ fetch }) {
        const res = await fetch({ method: "DELETE" });
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("GET");
        expect(await res.json()).toEqual({
          error: { code: "METHOD_NOT_ALLOWED", message: "Use GET for this route" },
        });
      },
    });
  });
});

describe("GET /api/health?detail", () => {
  it("adds the outbox's counts for a signed-in admin", async () => {
    const { jar } = await signedInUser({ role: "admin" });
    const res = await callRoute<Record<string, unknown>>(healthRoute, { jar, query: new URLSearchParams({ detail: "" }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", db: "up", outbox: { queued: 0, dead: 0, oldestQueuedSeconds: null } });
  });

  it("answers anyone else the plain answer, with no hint that there is more", async () => {
    const { jar } = await signedInUser();
    for (const options of [{ jar, query: new URLSearchParams({ detail: "" }) }, { query: new URLSearchParams({ detail: "" }) }]) {
      const res = await callRoute<Record<string, unknown>>(healthRoute, options);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok", db: "up" });
    }
  });
});
