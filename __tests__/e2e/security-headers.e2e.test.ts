import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { assertNoCspViolations } from "./helpers/csp-violations";

/**
 * The security headers of the production server (`next start`), as a browser
 * receives them: a Content-Security-Policy with a fresh nonce on every page
 * and on each of its scripts, a policy that allows nothing on API answers, no
 * framing, COOP, and HSTS exactly when the site is served over https.
 */

const app = appInBrowserForThisFile();

/** Every page, signed out, with the status it answers. `/settings` redirects to sign-in. */
const pages: Array<[path: string, status: number]> = [
  ["/", 200],
  ["/auth/signin", 200],
  ["/auth/signup", 200],
  ["/auth/error?error=Configuration", 200],
  ["/unauthorized", 403],
  ["/no-such-page", 404],
  ["/settings", 307],
];

type Policy = Map<string, string[]>;

/** `a b; c d` → { a: [b], c: [d] }; throws when the response carries no policy or two. */
function parsePolicy(header: string | null): Policy {
  if (!header) throw new Error("no Content-Security-Policy header");
  if (header.includes(",")) throw new Error(`more than one Content-Security-Policy: ${header}`);
  const directives = header.split(";").map((part) => part.trim().split(/\s+/)).filter((words) => words[0]);
  return new Map(directives.map(([name = "", ...values]) => [name, values]));
}

function nonceOf(policy: Policy): string {
  const nonces = (policy.get("script-src") ?? []).filter((value) => value.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  return nonces[0]?.slice("'nonce-".length, -1) ?? "";
}

/** The `nonce` attribute of every `<script>` in the HTML (undefined where it has none). */
function scriptNonces(html: string): Array<string | undefined> {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((tag) => /\snonce="([^"]*)"/.exec(tag[0])?.[1]);
}

async function get(server: AppServer, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${url}`, { redirect: "manual", headers });
  return { response, html: await response.text(), policy: parsePolicy(response.headers.get("content-security-policy")) };
}

function expectCommonHeaders(headers: Headers) {
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
  expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
}

describe.each(pages)("the page %s", (url, status) => {
  it("carries a policy whose fresh nonce is on each of its scripts, and no script-src 'unsafe-inline'", async () => {
    const first = await get(app.server, url);
    const second = await get(app.server, url);

    expect(first.response.status).toBe(status);
    const nonce = nonceOf(first.policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
    expect(nonceOf(second.policy)).not.toBe(nonce);
    expect(first.policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(first.policy.get("script-src-elem") ?? []).not.toContain("'unsafe-inline'");
    expect(first.policy.get("object-src")).toEqual(["'none'"]);
    expect(first.policy.get("base-uri")).toEqual(["'none'"]);
    expect(first.policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(first.policy.has("upgrade-insecure-requests")).toBe(false);
    if (status !== 307) {
      const nonces = scriptNonces(first.html);
      expect(nonces.length).toBeGreaterThan(0);
      expect(nonces).toEqual(nonces.map(() => nonce));
    }
    expectCommonHeaders(first.response.headers);
    expect(first.response.headers.get("strict-transport-security")).toBeNull();
  });
});

test("a nonce sent by the client is never the page's", async () => {
  const { policy, html } = await get(app.server, "/", { "x-nonce": "AAAAAAAAAAAAAAAAAAAAAA==" });

  expect(nonceOf(policy)).not.toBe("AAAAAAAAAAAAAAAAAAAAAA==");
  expect(html).not.toContain("AAAAAAAAAAAAAAAAAAAAAA==");
});

test("API answers carry a policy that allows nothing, and no HSTS over http", async () => {
  for (const url of ["/api/health", "/api/user/me", "/api/auth/csrf"]) {
    const { response, policy } = await get(app.server, url);

    expect(policy).toEqual(new Map([["default-src", ["'none'"]], ["frame-ancestors", ["'none'"]]]));
    expectCommonHeaders(response.headers);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  }
});

test("a forged X-Forwarded-Proto does not switch on HSTS when the proxy is not trusted", async () => {
  const { response, policy } = await get(app.server, "/", { "x-forwarded-proto": "https" });

  expect(response.headers.get("strict-transport-security")).toBeNull();
  expect(policy.has("upgrade-insecure-requests")).toBe(false);
});

test("no page is prerendered at build time, where its HTML could carry no nonce", () => {
  const pagesDir = path.resolve(__dirname, "../../.next/server/pages");
  expect(existsSync(pagesDir)).toBe(true);
  const html = readdirSync(pagesDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".html"));

  expect(html).toEqual([]);
});

test("injected markup cannot run script, and the browser helper reports the attempt", async () => {
  const page = await app.newPage();
  await page.goto("/");
  // Listening before the image is added: its 404 can arrive before evaluate() returns.
  const imageAnswered = page.waitForResponse((response) => response.url().endsWith("/no-such-image.png"));
  // What a DOM-XSS sink would let an attacker add: an inline event handler, without the nonce.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", `<img src="/no-such-image.png" onerror="document.body.dataset.injected = 'ran'">`);
  });
  await imageAnswered;
  await page.waitForFunction(() => document.querySelector<HTMLImageElement>('img[src="/no-such-image.png"]')?.complete);
  await page.waitForTimeout(200);

  expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
  const violations = app.takeCspViolations();
  expect(violations).toEqual([expect.objectContaining({ directive: "script-src-attr", blocked: "inline" })]);
  expect(() => assertNoCspViolations(violations)).toThrow(/script-src-attr refused inline/);
});

test("a signed-in page (settings) carries the nonce on its scripts and runs them without a violation", async () => {
  const page = await app.newPage();
  const email = "headers.e2e@example.com";
  const password = "Analytical-Engine-1843";
  expect((await page.request.post("/api/auth/signup", { data: { name: "Headers", email, password } })).status()).toBe(201);
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });

  const response = await page.goto("/settings");
  if (!response) throw new Error("no response for /settings");
  await page.getByRole("heading", { name: "Settings" }).waitFor();

  expect(response.status()).toBe(200);
  const nonce = nonceOf(parsePolicy(response.headers()["content-security-policy"] ?? null));
  const nonces = scriptNonces(await response.text());
  expect(nonces).toEqual(nonces.map(() => nonce));
});

describe("behind a trusted proxy (TRUST_PROXY=true)", () => {
  let server: AppServer | undefined;
  beforeAll(async () => {
    server = await startAppServer({ env: { TRUST_PROXY: "true" } });
  });
  afterAll(() => server?.stop());

  it.each(["/", "/api/health"])("%s sends HSTS and upgrades requests only when the proxy says https", async (url) => {
    if (!server) throw new Error("no server");
    const overHttps = await get(server, url, { "x-forwarded-proto": "https" });
    const overHttp = await get(server, url, { "x-forwarded-proto": "http" });

    expect(overHttps.response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(overHttp.response.headers.get("strict-transport-security")).toBeNull();
    if (url === "/") {
      expect(overHttps.policy.has("upgrade-insecure-requests")).toBe(true);
      expect(overHttp.policy.has("upgrade-insecure-requests")).toBe(false);
    }
  });
});
