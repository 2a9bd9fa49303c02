import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describeApiRoute } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { routeFiles } from "../../helpers/fuzz";
import { callRoute } from "../../helpers/http";

/**
 * The route builder owns the same-origin check: every route under pages/api
 * is built by apiRoute, and every method but GET refuses a request from
 * another site before its handler runs (signed out, it is 403, not the
 * handler's 401), unless the builder's opt-out names it. Every opt-out is
 * listed here, so adding one is a reviewed change.
 */

const root = path.resolve(__dirname, "../../..");
const API_DIR = path.join(root, "pages/api");

/** NextAuth serves its catch-all itself: its CSRF token guards every POST it accepts, and providers call back into it. */
const NEXTAUTH_CATCH_ALL = "auth/[...nextauth].ts";

/** The methods that accept a cross-site request: `<file> <method>`, each with its reason in the route. */
const CROSS_SITE_OPT_OUTS = ["auth/session.ts POST"];

const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

const files = routeFiles(API_DIR).sort();
const builtFiles = files.filter((file) => file !== NEXTAUTH_CATCH_ALL);

async function factsOf(file: string) {
  const route = await import(path.join(API_DIR, file));
  return { route, facts: describeApiRoute(route.default) };
}

describe("every API route refuses a cross-site state change", () => {
  it("walks the routes: NextAuth's catch-all and the rest", () => {
    expect(files).toContain(NEXTAUTH_CATCH_ALL);
    expect(builtFiles.length).toBeGreaterThan(20);
  });

  it.each(builtFiles)("%s: built with apiRoute; each method but GET answers 403 CROSS_SITE_REQUEST", async (file) => {
    const { route, facts } = await factsOf(file);
    expect({ file, builtWithApiRoute: facts !== undefined }).toEqual({ file, builtWithApiRoute: true });
    const checked = (facts?.methods ?? []).filter((method) => method !== "GET" && !CROSS_SITE_OPT_OUTS.includes(`${file} ${method}`));
    for (const method of checked) {
      const res = await callRoute(route, { method, headers: CROSS_SITE, json: {} });
      expect({ method, status: res.status, body: res.body }).toEqual({
        method,
        status: 403,
        body: { error: { code: ErrorCode.CrossSiteRequest, message: expect.any(String) } },
      });
    }
  });

  it("lists every opt-out, each with a reason", async () => {
    const optOuts: string[] = [];
    for (const file of builtFiles) {
      const { facts } = await factsOf(file);
      for (const [method, reason] of Object.entries(facts?.allowCrossSite ?? {})) {
        expect(reason.trim().length).toBeGreaterThan(10);
        optOuts.push(`${file} ${method}`);
      }
    }
    expect(optOuts.sort()).toEqual([...CROSS_SITE_OPT_OUTS].sort());
  });
});

/**
 * Lints `code` as the text of a route file, with the project's config, in a
 * child process (ESLint's config is ESM). It stands in for an existing route,
 * so the type-aware rules find it in the TypeScript project.
 */
async function lintRoute(code: string): Promise<string[]> {
  const script = `
    import { ESLint } from "eslint";
    const [result] = await new ESLint({ cwd: process.cwd() }).lintText(process.env.ROUTE_CODE, { filePath: "pages/api/health.ts" });
    console.log(JSON.stringify(result.messages.map((m) => m.ruleId)));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, ROUTE_CODE: code },
  });
  return JSON.parse(stdout) as string[];
}

describe("npm run lint refuses a route that skips the builder", () => {
  it("flags a hand-made handler, a hand-called same-origin check, an untyped config and res.json", async () => {
    const bypass = [
      'import type { NextApiRequest, NextApiResponse } from "next";',
      'import { assertSameOrigin } from "@/lib/http/same-origin";',
      "export const config = { api: { bodyParser: false } };",
      "export default function handler(req: NextApiRequest, res: NextApiResponse) {",
      "  assertSameOrigin(req);",
      "  res.status(200).json({ ok: true });",
      "}",
    ].join("\n");
    const rules = await lintRoute(bypass);
    expect(rules.filter((rule) => rule === "no-restricted-syntax")).toHaveLength(4);
    expect(rules).toContain("no-restricted-imports");
  }, 60_000);

  it("accepts a route built with apiRoute", async () => {
    const built = [
      'import { apiRoute, type ApiRouteConfig, json, parseJsonBody } from "@/lib/http";',
      'import { emailOnlySchema } from "@/lib/email-flows/shared";',
      "export const config: ApiRouteConfig = { api: { bodyParser: false } };",
      "export default apiRoute({ POST: async (req) => json(200, await parseJsonBody(req, emailOnlySchema)) });",
    ].join("\n");
    expect(await lintRoute(built)).toEqual([]);
  }, 60_000);
});
