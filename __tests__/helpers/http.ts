import { testApiHandler } from "next-test-api-route-handler";
import type { NextApiHandler, PageConfig } from "next";
import { CookieJar } from "./cookie-jar";

export { CookieJar };

/**
 * Calls a Pages API route through Next's real request handling (NTARH runs
 * Next's own API resolver on a local server), with a cookie jar so a test can
 * act as one browser across requests.
 */

/** A route module as `import * as route from "@/pages/api/…"` gives it: handler plus its config. */
interface RouteModule {
  default: NextApiHandler;
  config?: PageConfig;
}

interface CallOptions {
  method?: string;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (what NextAuth's endpoints take). */
  form?: Record<string, string>;
  /** Sent as is (text, or bytes such as an uploaded image). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Dynamic route segments, e.g. `{ nextauth: ["session"] }`. */
  params?: Record<string, string | string[]>;
  /** The query string, as a browser sends it (Next parses it into `req.query`). */
  query?: URLSearchParams;
  jar?: CookieJar;
}

export interface CallResult<Body = unknown> {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

/** Calls `route` once and returns status, headers and the parsed body (JSON when it is JSON). */
export async function callRoute<Body = unknown>(route: RouteModule, options: CallOptions = {}): Promise<CallResult<Body>> {
  let result: CallResult<Body> | undefined;
  await testApiHandler({
    pagesHandler: route,
    params: options.params,
    ...(options.query ? { url: `/?${options.query}` } : {}),
    rejectOnHandlerError: false,
    async test({ fetch }) {
      const headers: Record<string, string> = { ...options.headers };
      // Bytes are copied into a view of a plain ArrayBuffer, which is what fetch's types take.
      let body = typeof options.body === "string" || options.body === undefined ? options.body : new Uint8Array(options.body);
      if (options.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(options.json);
      } else if (options.form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(options.form).toString();
      }
      if (options.jar) headers.cookie = options.jar.header();
      const response = await fetch({ method: options.method ?? "GET", headers, body, redirect: "manual" });
      options.jar?.store(response);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      result = { status: response.status, headers: response.headers, body: parsed as Body, text };
    },
  });
  if (!result) throw new Error("the route was not called");
  return result;
}

/**
 * Calls `route` and hands the raw Response to `read` while the connection is
 * open, so a test can read a streamed body piece by piece, or abort it with
 * `controller` as a browser's Stop would.
 */
export async function streamRoute(
  route: RouteModule,
  options: Pick<CallOptions, "json" | "headers" | "jar">,
  read: (response: Response, controller: AbortController) => Promise<void>,
): Promise<void> {
  await testApiHandler({
    pagesHandler: route,
    rejectOnHandlerError: false,
    async test({ fetch }) {
      const controller = new AbortController();
      const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
      if (options.jar) headers.cookie = options.jar.header();
      const response = await fetch({ method: "POST", headers, body: JSON.stringify(options.json), signal: controller.signal });
      await read(response, controller);
    },
  });
}
