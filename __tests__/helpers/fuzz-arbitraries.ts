import fc from "fast-check";

/**
 * Hostile input for __tests__/pages/api/fuzz.test.ts: wrong types, MongoDB
 * operator objects, prototype keys, huge and deeply nested values, invalid
 * UTF-8, wrong and missing content types, odd methods, headers and query
 * strings; with a share of good values so cases also get past validation.
 */

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

/** Good values per field name, mixed into the hostile ones so some cases pass validation and reach the data. */
export type KnownValues = Partial<Record<string, readonly string[]>>;

/** Each of `fields` (present 3 times in 4, a known good value or a hostile one) plus up to two nasty keys. */
function entries<Value>(
  fields: readonly string[],
  value: (field: string) => fc.Arbitrary<Value>,
  nasty: fc.Arbitrary<Value>,
): fc.Arbitrary<[string, Value][]> {
  const own = fields.map((field) =>
    fc.option(value(field), { nil: undefined, freq: 4 }).map((v): [string, Value][] => (v === undefined ? [] : [[field, v]])),
  );
  const extra = fc.array(fc.tuple(fc.constantFrom(...nastyKeys, "email", "password"), nasty), { maxLength: 2 });
  return fc
    .tuple(fc.tuple(...own), extra, fc.boolean())
    .map(([ownEntries, extraEntries, extraFirst]) =>
      extraFirst ? [...extraEntries, ...ownEntries.flat()] : [...ownEntries.flat(), ...extraEntries],
    );
}

function knownOr<Value>(known: readonly string[] | undefined, nasty: fc.Arbitrary<Value>): fc.Arbitrary<Value | string> {
  return known?.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, nasty) : nasty;
}

/** A JSON object over the route's `fields`, built as text so "__proto__" is a real own key on the wire. */
function jsonObjectText(fields: readonly string[], known: KnownValues): fc.Arbitrary<string> {
  return entries<unknown>(fields, (field) => knownOr(known[field], nastyValue), nastyValue).map(
    (pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`,
  );
}

/** A form body (what NextAuth's endpoints read) over `fields` plus nasty keys. */
function formFields(fields: readonly string[], known: KnownValues = {}): fc.Arbitrary<[string, string][]> {
  return entries<string>(fields, (field) => knownOr(known[field], nastyStrings), nastyStrings);
}

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** Bodies: JSON objects (valid, broken, deep, huge), other JSON values, form bodies, invalid UTF-8, nothing. */
function body(fields: readonly string[], known: KnownValues = {}): fc.Arbitrary<Uint8Array<ArrayBuffer> | undefined> {
  return fc.oneof(
    { weight: 10, arbitrary: jsonObjectText(fields, known).map(bytes) },
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

/** Content types: mostly JSON; else wrong, malformed, odd charsets, or none at all. */
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constant(undefined) },
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
);

/** Absent two times in three: hostile headers are the exception, so most cases get past the origin check. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, arbitrary);

/** Other headers a client controls: origin checks, proxies, cookies, agents. */
const extraHeaders = fc
  .record({
    origin: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("http://localhost:3000", undefined) },
      fc.constantFrom("https://evil.example", "null", "http://localhost:3000.evil.example", "not a url", "", "http://localhost:3000\u00e9"),
    ),
    "sec-fetch-site": rarely(fc.constantFrom("same-origin", "cross-site", "same-site", "none", "bogus")),
    "x-forwarded-for": rarely(fc.constantFrom("1.2.3.4", "1.2.3.4, 5.6.7.8", "", "::1", "garbage")),
    "x-forwarded-host": rarely(fc.constantFrom("evil.example", "localhost:3000", "a b")),
    "x-forwarded-proto": rarely(fc.constantFrom("https", "gopher", "")),
    "user-agent": rarely(fc.oneof(fc.string({ maxLength: 20 }), fc.nat({ max: 8_000 }).map((n) => "A".repeat(n)))),
    cookie: rarely(
      fc.constantFrom(
        "next-auth.session-token=garbage",
        "next-auth.session-token=a.b.c.d.e",
        "next-auth.session-token.0=a; next-auth.session-token.1=b",
        "__proto__=1; constructor=2",
        "next-auth.csrf-token=x%7Cy",
        "next-auth.callback-url=garbage",
        "a=%E0%A4%A",
        "a=\u00ff\u00fe",
      ),
    ),
    accept: rarely(fc.constantFrom("text/html", "application/json", "*/*")),
  })
  .map((headers) => {
    const present: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) present[name] = value;
    return present;
  });

/** Query strings: repeated, bracketed, operator and prototype keys, broken escapes. */
const queryString = fc.option(
  fc.oneof(
    fc.constantFrom("id=1&id=2", "id[$gt]=", "__proto__[x]=1", "constructor[prototype][x]=1", "%E0%A4%A", "a=%ZZ", "callbackUrl=https://evil.example", "error=x&error=y", "&&&==", "json=true"),
    fc.dictionary(fc.constantFrom("id", "callbackUrl", "error", "csrf", ...nastyKeys), fc.string({ maxLength: 12 }), { maxKeys: 3 }).map((q) =>
      new URLSearchParams(q).toString(),
    ),
  ),
  { nil: undefined },
);

/** Methods: the route's own, the other common ones, lower case, and names that are Object.prototype members. */
function method(own: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "patch", "PROPFIND", "FOO", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"),
  );
}

/** Strings, ids of real sessions ("own", "victim": resolved by the test), arrays: for the `[id]` segment. */
const sessionIdChoice = fc.oneof(
  fc.constantFrom("own", "victim", "000000000000000000000000", "zzzzzzzzzzzzzzzzzzzzzzzz", "", "$gt", "__proto__"),
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom("own", "victim", "x"), { minLength: 2, maxLength: 3 }),
);

/**
 * One fuzz case for a route with these `methods` and body `fields`: which
 * session to send (none, valid, tampered), whether to send a valid CSRF pair
 * (NextAuth), a JSON-ish body and a form, how to stream it, and the rest.
 */
export function fuzzCase(methods: readonly string[], fields: readonly string[], known: KnownValues) {
  return fc.record({
    method: method(methods.length ? methods : ["GET", "POST"]),
    session: fc.constantFrom("none", "valid", "valid", "valid", "tampered"),
    withCsrf: fc.constantFrom(true, true, false),
    body: body(fields, known),
    form: formFields(fields, known),
    chunkBytes: fc.option(fc.constantFrom(16, 4096, 65_536), { nil: undefined, freq: 3 }),
    contentType,
    headers: extraHeaders,
    query: queryString,
    id: sessionIdChoice,
  });
}
