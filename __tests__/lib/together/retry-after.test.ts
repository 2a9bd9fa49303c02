import { retryAfterSeconds } from "@/lib/together/client";

/** How long a rate-limited user is told to wait: the provider's own Retry-After, in whole seconds. */
describe("retryAfterSeconds", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("passes seconds on, rounded up", () => {
    expect(retryAfterSeconds(headers({ "retry-after": "17" }), now)).toBe(17);
    expect(retryAfterSeconds(headers({ "retry-after": "2.1" }), now)).toBe(3);
  });

  it("turns an HTTP date into seconds from now, at least 1", () => {
    expect(retryAfterSeconds(headers({ "retry-after": "Wed, 25 Nov 2026 12:01:30 GMT" }), now)).toBe(90);
    expect(retryAfterSeconds(headers({ "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" }), now)).toBe(1);
  });

  it("reads retry-after-ms when there is no Retry-After", () => {
    expect(retryAfterSeconds(headers({ "retry-after-ms": "1500" }), now)).toBe(2);
  });

  it("falls back to 30 s when the provider says nothing usable, and caps a day", () => {
    expect(retryAfterSeconds(undefined, now)).toBe(30);
    expect(retryAfterSeconds(headers({ "retry-after": "soon" }), now)).toBe(30);
    expect(retryAfterSeconds(headers({ "retry-after": "9999999" }), now)).toBe(86_400);
  });
});
