import { testApiHandler } from "next-test-api-route-handler";
import handler from "@/pages/api/health";

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
