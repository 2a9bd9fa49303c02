import { z } from "zod";
import { alreadySent, apiRoute, json, noContent, parseJsonBody, type ApiRouteConfig } from "@/lib/http";
import { callRoute } from "../../helpers/http";

/** The route builder on its own: what it checks before a handler runs, and how it sends what the handler returns. */

const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
const ownBody: ApiRouteConfig = { api: { bodyParser: false } };
const nameSchema = z.object({ name: z.string() });

describe("apiRoute", () => {
  it("refuses a cross-site request on every method but GET, unless allowCrossSite names the method", async () => {
    const route = {
      default: apiRoute(
        { GET: () => json(200, { read: true }), POST: () => json(200, { posted: true }), DELETE: () => noContent() },
        { allowCrossSite: { POST: "a test route that stands for a provider's form-post callback" } },
      ),
    };
    expect(await callRoute(route, { headers: CROSS_SITE })).toMatchObject({ status: 200, body: { read: true } });
    expect(await callRoute(route, { method: "POST", headers: CROSS_SITE })).toMatchObject({ status: 200, body: { posted: true } });
    const refused = await callRoute(route, { method: "DELETE", headers: CROSS_SITE });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "CROSS_SITE_REQUEST" } } });
    expect((await callRoute(route, { method: "DELETE", headers: { "sec-fetch-site": "same-origin" } })).status).toBe(204);
  });

  it("answers another method 405 with Allow, before the same-origin check", async () => {
    const route = { default: apiRoute({ GET: () => json(200, {}), PATCH: () => noContent() }) };
    const res = await callRoute(route, { method: "PUT", headers: CROSS_SITE });
    expect(res).toMatchObject({ status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } });
    expect(res.headers.get("allow")).toBe("GET, PATCH");
  });

  it("sends the reply a handler returns: JSON with its status, or an empty 204", async () => {
    const route = { default: apiRoute({ POST: () => json(201, { id: "new" }), DELETE: () => noContent() }) };
    const created = await callRoute(route, { method: "POST" });
    expect(created).toMatchObject({ status: 201, body: { id: "new" } });
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await callRoute(route, { method: "DELETE" })).toMatchObject({ status: 204, text: "" });
  });

  it("takes alreadySent() at its word only when the handler did answer", async () => {
    const route = {
      default: apiRoute({
        GET(_req, res) {
          res.status(302).setHeader("Location", "/elsewhere").end();
          return alreadySent();
        },
        POST: () => alreadySent(),
      }),
    };
    expect((await callRoute(route)).status).toBe(302);
    expect(await callRoute(route, { method: "POST" })).toMatchObject({ status: 500, body: { error: { code: "INTERNAL_ERROR" } } });
  });

  it("reads a body only in a route whose config turns Next's parser off, and fails loudly otherwise", async () => {
    // A fresh handler per call: the test helper copies a module's config onto its handler.
    const echoName = () => apiRoute({ POST: async (req) => json(200, await parseJsonBody(req, nameSchema)) });
    const configured = await callRoute({ default: echoName(), config: ownBody }, { method: "POST", json: { name: "Ada" } });
    expect(configured).toMatchObject({ status: 200, body: { name: "Ada" } });
    const unconfigured = await callRoute({ default: echoName() }, { method: "POST", json: { name: "Ada" } });
    expect(unconfigured).toMatchObject({ status: 500, body: { error: { code: "INTERNAL_ERROR" } } });
  });
});
