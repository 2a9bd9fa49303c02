import type { NextApiHandler, PageConfig } from "next";
import { readdirSync } from "node:fs";
import path from "node:path";
import { testApiHandler } from "next-test-api-route-handler";
import { getDb } from "@/lib/core/db";
import type { CookieJar } from "./http";

/**
 * Pieces for __tests__/pages/api/fuzz.test.ts: a raw request through Next's
 * real API resolver (any method, header, query and byte body), the leak
 * checks and a database snapshot. The hostile inputs: fuzz-arbitraries.ts.
 */

export interface RouteModule {
  default: NextApiHandler;
  config?: PageConfig;
}

interface RawRequest {
  method: string;
  /** Query string without "?" (reaches `req.query` through Next's URL parsing). */
  query?: string;
  headers?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer>;
  /** Send the body as a stream (chunked, no Content-Length), in pieces of this many bytes. */
  chunkBytes?: number;
  /** Dynamic segments, e.g. `{ id: "…" }` or `{ nextauth: ["session"] }`. */
  params?: Record<string, string | string[]>;
  jar?: CookieJar;
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A response slower than this counts as a hang. */
const HANG_MS = 10_000;

/** Sends one request to `route`; a hang becomes an error instead of a jest timeout. */
export async function send(route: RouteModule, request: RawRequest): Promise<RawResponse> {
  let result: RawResponse | undefined;
  const call = testApiHandler({
    pagesHandler: route,
    params: request.params,
    url: `/api/fuzz${request.query ? `?${request.query}` : ""}`,
    rejectOnHandlerError: false,
    async test({ fetch }) {
      const headers = new Headers(request.headers);
      if (request.jar) headers.set("cookie", [request.jar.header(), headers.get("cookie")].filter(Boolean).join("; "));
      const body = request.chunkBytes && request.body ? streamOf(request.body, request.chunkBytes) : request.body;
      const streamed = body instanceof ReadableStream ? { duplex: "half" } : {};
      const response = await fetch({ method: request.method, headers, body, redirect: "manual", ...streamed });
      result = { status: response.status, headers: response.headers, text: await response.text() };
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no response within ${HANG_MS} ms (a hang)`)), HANG_MS);
  });
  try {
    await Promise.race([call, hang]);
  } finally {
    clearTimeout(timer);
  }
  if (!result) throw new Error("the route was not called");
  return result;
}

/** `bytes` as a stream of `size`-byte chunks: no Content-Length, so a limit must hold while reading. */
function streamOf(bytes: Uint8Array<ArrayBuffer>, size: number): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** Secrets that must never be in a response (plain API keys, the signed-in session cookie). */
export function findLeak(response: RawResponse, secrets: readonly string[]): string | null {
  const headers = [...response.headers].filter(([name]) => name !== "set-cookie").map(([n, v]) => `${n}: ${v}`);
  // NextAuth may re-issue the session cookie (that is its job); any other cookie must not carry a session token.
  const cookies = response.headers.getSetCookie().filter((line) => !/^(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(line));
  const everything = [response.text, ...headers, ...cookies].join("\n");
  if (/\n {4}at /.test(`\n${response.text}`) || /\bat .+\(.*:\d+:\d+\)/.test(response.text)) return "a stack trace";
  if (/\$2[aby]\$\d\d\$/.test(everything)) return "a bcrypt hash";
  if (/eyJ[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*/.test(everything)) return "a JWE (session token)";
  const secret = secrets.find((value) => everything.includes(value));
  return secret ? `a secret (${secret.slice(0, 6)}…)` : null;
}

/** Fields that legitimately change while a request is only read (a device session is kept alive). */
const VOLATILE: Record<string, readonly string[]> = { sessions: ["lastSeenAt", "expires"] };

/** Collections a rejected request must leave as they were (rateLimits and authEvents are append-only logs). */
const WATCHED = ["users", "sessions", "accounts", "verificationTokens", "generations"] as const;

/** Every watched document as canonical text, volatile fields removed. */
export async function snapshotDatabase(): Promise<string> {
  const db = await getDb();
  const parts = await Promise.all(
    WATCHED.map(async (name) => {
      const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
      const cleaned = documents.map((document) => {
        const copy: Record<string, unknown> = { ...document };
        for (const field of VOLATILE[name] ?? []) delete copy[field];
        return copy;
      });
      return `${name}: ${JSON.stringify(cleaned)}`;
    }),
  );
  return parts.join("\n");
}

/** The differing lines of two snapshots, for the failure message. */
export function snapshotDiff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  return a.flatMap((line, i) => (line === b[i] ? [] : [`- ${line.slice(0, 400)}`, `+ ${b[i]?.slice(0, 400)}`])).join("\n");
}

/** `token` with one character changed: a forged or corrupted cookie. */
export function tamper(token: string): string {
  const at = Math.floor(token.length / 2);
  return `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
}

/** Every file under `dir`, relative to it (the route files under pages/api). */
export function routeFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(path.join(dir, entry.name), root) : [path.relative(root, path.join(dir, entry.name))],
  );
}
