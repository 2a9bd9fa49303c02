import fc from "fast-check";
import type { NextApiHandler, PageConfig } from "next";
import { testApiHandler } from "next-test-api-route-handler";
import { getDb } from "@/lib/core/db";
import type { CookieJar } from "./http";

/**
 * Pieces for __tests__/pages/api/fuzz.test.ts: a raw request through Next's
 * real API resolver (any method, header, query and byte body), arbitraries
 * for hostile input, the leak checks and a database snapshot.
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
      const response = await fetch({ method: request.method, headers, body: request.body, redirect: "manual" });
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

// ---------------------------------------------------------------- arbitraries

/** Keys that reach prototypes or MongoDB operators when code merges or queries with them. */
const nastyKeys = ["__proto__", "constructor", "prototype", "$where", "$gt", "$ne", "$set", "$expr", "toString", "hasOwnProperty", "a.b", ""];

/** Strings that break parsers, validators and normalizers. */
const nastyStrings = fc.oneof(
  fc.constantFrom("", " ", "null", "undefined", "NaN", "0", "-1", "true", "[]", "{}", "\u0000", "\uFFFF", "\uD800", "\u202E", "ｅ＠ｅ．ｃｏｍ", "a@b.co", "A@EXAMPLE.COM", "https://example.com/a.png", "javascript:alert(1)", "//evil.example", "../../etc/passwd", "%00", "%ZZ", "${x}", "<script>", "ß".repeat(40), "ﬃ".repeat(300)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.nat({ max: 70_000 }).map((n) => "x".repeat(n)),
);

/** Any JSON-ish value: wrong types, operator objects, prototype keys, deep and wide values. */
const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyStrings,
    fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 0.5, Number.MAX_SAFE_INTEGER + 2),
    fc.constantFrom({ $gt: "" }, { $ne: null }, { $where: "sleep(1000)" }, { $regex: ".*" }, { $expr: { $eq: [1, 1] } }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...nastyKeys), fc.string({ maxLength: 8 })), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Nested `depth` levels deep: arrays or objects, for parsers and validators that recurse. */
const deepValue = fc
  .tuple(fc.integer({ min: 100, max: 5_000 }), fc.boolean())
  .map(([depth, asArray]) => (asArray ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth)));

/** Values for a field: hostile ones, or (less often) `known` good ones so cases also get past validation. */
function fieldValue(known: readonly string[]): fc.Arbitrary<unknown> {
  return known.length ? fc.oneof({ weight: 4, arbitrary: nastyValue }, fc.constantFrom(...known)) : nastyValue;
}

/** A JSON object over `fields` (the route's own field names) plus nasty keys, as text. */
function jsonObjectText(fields: readonly string[], known: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fields, "email", "password") }, fc.constantFrom(...nastyKeys));
  // Built as text so "__proto__" is a real own key on the wire, as an attacker would send it.
  return fc
    .array(fc.tuple(key, fieldValue(known)), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`);
}

/** A form body (what NextAuth's endpoints read) over `fields` plus nasty keys. */
export function formFields(fields: readonly string[], known: readonly string[] = []): fc.Arbitrary<[string, string][]> {
  const value = known.length ? fc.oneof({ weight: 2, arbitrary: nastyStrings }, fc.constantFrom(...known)) : nastyStrings;
  return fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields, "json") }, fc.constantFrom(...nastyKeys)), value), {
    maxLength: 6,
  });
}

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** Bodies: JSON objects (valid, broken, deep, huge), other JSON values, form bodies, invalid UTF-8, nothing. */
export function body(fields: readonly string[], known: readonly string[] = []): fc.Arbitrary<Uint8Array<ArrayBuffer> | undefined> {
  return fc.oneof(
    { weight: 5, arbitrary: jsonObjectText(fields, known).map(bytes) },
    nastyValue.map((value) => bytes(JSON.stringify(value) ?? "")),
    deepValue.map(bytes),
    fc.constantFrom("{", '{"a":', "nul", '{"a":1}{"b":2}', "\uFEFF{}", "[]", '""').map(bytes),
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom(Uint8Array.of(0xc3, 0x28), Uint8Array.of(0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d), Uint8Array.of(0xed, 0xa0, 0x80)),
    fc.dictionary(fc.constantFrom(...fields, ...nastyKeys), nastyStrings, { maxKeys: 4 }).map((form) => bytes(new URLSearchParams(form).toString())),
    fc.nat({ max: 1_200_000 }).map((n) => bytes(`{"x":"${"a".repeat(n)}"}`)),
    fc.constant(undefined),
  );
}

/** Content types: right, wrong, malformed, odd charsets, or none at all. */
export const contentType = fc.option(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/json; charset=utf-16le",
    "application/json; charset=bogus",
    "application/jsonp",
    "application/ld+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
    "text/html",
    "*/*",
    ";;;",
    "application/json; charset=\"",
  ),
  { nil: undefined, freq: 5 },
);

/** Other headers a client controls: origin checks, proxies, cookies, agents. */
export const extraHeaders = fc.record(
  {
    origin: fc.constantFrom("http://localhost:3000", "https://evil.example", "null", "http://localhost:3000.evil.example", "not a url", "", "http://localhost:3000\u00e9"),
    "sec-fetch-site": fc.constantFrom("same-origin", "cross-site", "same-site", "none", "bogus"),
    "x-forwarded-for": fc.constantFrom("1.2.3.4", "1.2.3.4, 5.6.7.8", "", "::1", "garbage"),
    "x-forwarded-host": fc.constantFrom("evil.example", "localhost:3000", "a b"),
    "x-forwarded-proto": fc.constantFrom("https", "gopher", ""),
    "user-agent": fc.oneof(fc.string({ maxLength: 20 }), fc.nat({ max: 8_000 }).map((n) => "A".repeat(n))),
    cookie: fc.constantFrom(
      "next-auth.session-token=garbage",
      "next-auth.session-token=a.b.c.d.e",
      "next-auth.session-token.0=a; next-auth.session-token.1=b",
      "__proto__=1; constructor=2",
      "next-auth.csrf-token=x%7Cy",
      "next-auth.callback-url=garbage",
      "a=%E0%A4%A",
      "a=\u00ff\u00fe",
    ),
    accept: fc.constantFrom("text/html", "application/json", "*/*"),
  },
  { requiredKeys: [] },
);

/** Query strings: repeated, bracketed, operator and prototype keys, broken escapes. */
export const queryString = fc.option(
  fc.oneof(
    fc.constantFrom("id=1&id=2", "id[$gt]=", "__proto__[x]=1", "constructor[prototype][x]=1", "%E0%A4%A", "a=%ZZ", "callbackUrl=https://evil.example", "error=x&error=y", "&&&==", "json=true"),
    fc.dictionary(fc.constantFrom("id", "callbackUrl", "error", "csrf", ...nastyKeys), fc.string({ maxLength: 12 }), { maxKeys: 3 }).map((q) =>
      new URLSearchParams(q).toString(),
    ),
  ),
  { nil: undefined },
);

/** Methods: the route's own, the other common ones, lower case, and names that are Object.prototype members. */
export function method(own: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "patch", "PROPFIND", "FOO", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"),
  );
}

// ---------------------------------------------------------------- checks

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
const WATCHED = ["users", "sessions", "accounts", "verificationTokens"] as const;

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
