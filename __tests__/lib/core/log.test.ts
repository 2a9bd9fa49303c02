/** @jest-environment-options {"env": {"LOG_LEVEL": "info"}} */
import { log } from "@/lib/core/log";

const API_KEY = "tgp_v1_LEAKED-api-key-0123456789abcdef";
const PASSWORD = "hunter2-LEAKED-password";
const COOKIE = "__Secure-next-auth.session-token=LEAKED-cookie-value";

/** What the logger writes to stderr while `act` runs, one parsed JSON object per line. */
function captureStderr(act: () => void): { text: string; lines: Record<string, unknown>[] } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  const text = written.join("");
  return { text, lines: text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** An error as an HTTP client throws it: the request's secrets hang off its own properties. */
function leakyError(): Error {
  return Object.assign(new Error("upstream refused the request"), {
    status: 401,
    apiKey: API_KEY,
    password: PASSWORD,
    headers: { cookie: COOKIE, authorization: `Bearer ${API_KEY}`, "Set-Cookie": COOKIE, "content-type": "application/json" },
    config: { url: "https://api.together.xyz/v1", headers: { Authorization: `Bearer ${API_KEY}`, Cookie: COOKIE } },
    response: { config: { headers: { authorization: `Bearer ${API_KEY}` } }, data: { token: API_KEY } },
    // Deeper than any redaction path reaches: cut off rather than written.
    request: { agent: { sockets: { pending: { options: { headers: { "x-secret-header": API_KEY } } } } } },
    cause: Object.assign(new Error("401 from upstream"), { accessToken: API_KEY }),
  });
}

describe("log", () => {
  it("never writes an API key, a password or a cookie handed over in an error or in fields", () => {
    const { text, lines } = captureStderr(() => {
      log.error("vault.upstream_failed", leakyError(), {
        provider: "togetherAI",
        apiKey: API_KEY,
        password: PASSWORD,
        cookie: COOKIE,
      });
      log.warn("auth.odd_request", { path: "/api/user", token: API_KEY, sessionToken: COOKIE });
    });
    for (const secret of [API_KEY, PASSWORD, COOKIE, "LEAKED"]) expect(text).not.toContain(secret);

    const [error, warning] = lines;
    expect(error).toMatchObject({ level: "error", event: "vault.upstream_failed", provider: "togetherAI" });
    expect(error?.err).toMatchObject({
      name: "Error",
      message: "upstream refused the request",
      stack: expect.stringContaining("leakyError"),
      status: 401,
      headers: { "content-type": "application/json" },
      config: { url: "https://api.together.xyz/v1" },
      cause: { name: "Error", message: "401 from upstream" },
    });
    expect(warning).toMatchObject({ level: "warn", event: "auth.odd_request", path: "/api/user" });
  });

  it("logs info when LOG_LEVEL says so, with a timestamp, and a thrown non-Error as a message only", () => {
    const { lines } = captureStderr(() => {
      log.info("db.ready", { collections: 4 });
      log.error("job.failed", { password: PASSWORD });
    });
    expect(lines[0]).toMatchObject({ level: "info", event: "db.ready", collections: 4, time: expect.any(String) });
    expect(lines[1]).toMatchObject({ level: "error", event: "job.failed", err: { name: "Error", message: "[object Object]" } });
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });
});
