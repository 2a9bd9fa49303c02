import { endBeforeFirstToken, endOfStartedStream, type UpstreamCutShort, type UpstreamEnd } from "@/lib/generation/outcome";

/**
 * How a generation ends, row by row: what happened upstream → the usage
 * record's outcome and what the person is told. The route tests
 * (__tests__/pages/api/generate.test.ts) show the same ends through a real
 * HTTP stand-in for the provider; this table covers every row, the ones no
 * stand-in can produce on cue included.
 */

const FIRST_TOKEN_TIMEOUT_SECONDS = 30;

describe("endBeforeFirstToken: nothing sent yet, so an HTTP error", () => {
  it.each<[string, UpstreamCutShort, { outcome: string; status: number; code: string; logFailure: boolean }]>([
    ["the provider rejects the key", { kind: "failed", failure: { kind: "key_rejected" } }, { outcome: "key_rejected", status: 400, code: "INVALID_API_KEY", logFailure: false }],
    ["the provider rate-limits", { kind: "failed", failure: { kind: "rate_limited", retryAfterSeconds: 17 } }, { outcome: "provider_rate_limited", status: 429, code: "PROVIDER_RATE_LIMITED", logFailure: false }],
    ["the provider client's own timeout", { kind: "failed", failure: { kind: "timed_out" } }, { outcome: "timed_out", status: 504, code: "PROVIDER_TIMEOUT", logFailure: false }],
    ["an error answer (500)", { kind: "failed", failure: { kind: "failed", status: 500 } }, { outcome: "provider_error", status: 502, code: "PROVIDER_ERROR", logFailure: true }],
    ["no answer at all (connection refused)", { kind: "failed", failure: { kind: "failed", status: null } }, { outcome: "provider_error", status: 502, code: "PROVIDER_ERROR", logFailure: true }],
    ["an abort that was not ours", { kind: "failed", failure: { kind: "aborted" } }, { outcome: "provider_error", status: 502, code: "PROVIDER_ERROR", logFailure: true }],
    ["our first-token timer", { kind: "endedByUs", reason: "timed_out" }, { outcome: "timed_out", status: 504, code: "PROVIDER_TIMEOUT", logFailure: false }],
    ["the person went away", { kind: "endedByUs", reason: "stopped" }, { outcome: "stopped", status: 400, code: "BAD_REQUEST", logFailure: false }],
    ["a stall (impossible before a first token)", { kind: "endedByUs", reason: "stalled" }, { outcome: "provider_error", status: 502, code: "PROVIDER_ERROR", logFailure: true }],
    ["the server's shutdown deadline", { kind: "endedByUs", reason: "shutdown" }, { outcome: "interrupted", status: 503, code: "SERVER_STOPPING", logFailure: false }],
  ])("%s", (_case, end, expected) => {
    const { outcome, error, logFailure } = endBeforeFirstToken(end, FIRST_TOKEN_TIMEOUT_SECONDS);
    expect({ outcome, status: error.status, code: error.code, logFailure }).toEqual(expected);
  });

  it("passes the provider's Retry-After on, and says how long the first token may take", () => {
    const limited = endBeforeFirstToken({ kind: "failed", failure: { kind: "rate_limited", retryAfterSeconds: 17 } }, FIRST_TOKEN_TIMEOUT_SECONDS);
    expect(limited.error.options.headers).toEqual({ "Retry-After": "17" });
    expect(limited.error.message).toMatch(/17 s/);
    expect(endBeforeFirstToken({ kind: "endedByUs", reason: "timed_out" }, 12).error.message).toMatch(/within 12 s/);
  });
});

describe("endOfStartedStream: the answer has begun, so a marker line when it is incomplete", () => {
  it.each<[string, UpstreamEnd, { outcome: string; marker: string | null; logFailure: boolean }]>([
    ["the model finished", { kind: "ranOut", finishReason: "stop" }, { outcome: "completed", marker: null, logFailure: false }],
    ["the model finished (end of sequence)", { kind: "ranOut", finishReason: "eos" }, { outcome: "completed", marker: null, logFailure: false }],
    ["the length limit", { kind: "ranOut", finishReason: "length" }, { outcome: "completed", marker: "lengthLimit", logFailure: false }],
    ["a stream that ends without a finish reason (cut short)", { kind: "ranOut", finishReason: null }, { outcome: "provider_error", marker: "providerError", logFailure: false }],
    ["the person went away", { kind: "endedByUs", reason: "stopped" }, { outcome: "stopped", marker: null, logFailure: false }],
    ["our idle timer", { kind: "endedByUs", reason: "stalled" }, { outcome: "stalled", marker: "stalled", logFailure: false }],
    ["the server's shutdown deadline", { kind: "endedByUs", reason: "shutdown" }, { outcome: "interrupted", marker: "shutdown", logFailure: false }],
    ["our first-token timer, firing as the first token came", { kind: "endedByUs", reason: "timed_out" }, { outcome: "stalled", marker: "stalled", logFailure: false }],
    ["the provider fails mid-stream", { kind: "failed", failure: { kind: "failed", status: null } }, { outcome: "provider_error", marker: "providerError", logFailure: true }],
    ["an abort that was not ours", { kind: "failed", failure: { kind: "aborted" } }, { outcome: "provider_error", marker: "providerError", logFailure: true }],
    ["the provider client's own timeout", { kind: "failed", failure: { kind: "timed_out" } }, { outcome: "provider_error", marker: "providerError", logFailure: true }],
  ])("%s", (_case, end, expected) => {
    expect(endOfStartedStream(end)).toEqual(expected);
  });
});
