import { CookieJar } from "../../helpers/http";

/**
 * One browser talking to a running app over plain HTTP, with its cookies in a
 * jar: as the app's own pages do (same-origin headers on every request), for
 * tests that need no rendering. `on(other)` is the same browser sent to
 * another instance, as a load balancer would.
 */

/**
 * The session cookie's name: `next start` sets secure cookies even on
 * http://127.0.0.1 (lib/core/env.ts, `secureCookies`), hence the prefix.
 */
export const SESSION_COOKIE = "__Secure-next-auth.session-token";

/** No request may take longer than this; a test that bounds a request tighter asserts `ms`. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface AppResponse<Body = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: Body;
  /** From sending the request to the end of the body. */
  ms: number;
}

/** What the API answers on a failure (lib/http/shared.ts). */
export interface ErrorAnswer {
  error?: { code: string; message: string };
}

/** What `/api/auth/session` says, in the parts these tests look at. */
interface SessionAnswer {
  user?: { id: string; email: string | null; name: string | null; role: string };
  deviceSessionId?: string;
}

interface ClientOptions {
  /** Sent as X-Forwarded-For, the client's address for an app with TRUST_PROXY=true (each test its own, so per-IP limits do not mix). */
  ip?: string;
  jar?: CookieJar;
}

export class AppClient {
  readonly jar: CookieJar;
  private readonly ip: string | undefined;

  constructor(
    readonly baseUrl: string,
    options: ClientOptions = {},
  ) {
    this.jar = options.jar ?? new CookieJar();
    this.ip = options.ip;
  }

  /** The same browser (the same cookies and address) talking to `server` instead. */
  on(server: { baseUrl: string }): AppClient {
    return new AppClient(server.baseUrl, { jar: this.jar, ip: this.ip });
  }

  /** One request, JSON in and out; Set-Cookie answers update the jar. */
  async request<Body = unknown>(method: string, path: string, json?: unknown): Promise<AppResponse<Body>> {
    const headers: Record<string, string> = { origin: this.baseUrl };
    if (json !== undefined) headers["content-type"] = "application/json";
    return this.send<Body>(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  }

  get<Body = unknown>(path: string): Promise<AppResponse<Body>> {
    return this.request<Body>("GET", path);
  }

  /**
   * Signs in through NextAuth's credentials flow, as the sign-in page does:
   * the CSRF token, then the callback. Returns the refusal code the app put in
   * `?error=`, or null when the session cookie was set.
   */
  async signIn(email: string, password: string): Promise<{ error: string | null; ms: number }> {
    const started = performance.now();
    const { csrfToken } = (await this.get<{ csrfToken: string }>("/api/auth/csrf")).body;
    const form = new URLSearchParams({ email, password, csrfToken, callbackUrl: `${this.baseUrl}/`, json: "true" });
    const response = await this.send<{ url?: string }>("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.baseUrl },
      body: form.toString(),
    });
    const url = response.body.url;
    if (typeof url !== "string") throw new Error(`the credentials callback answered ${response.status} without a URL`);
    return { error: new URL(url, this.baseUrl).searchParams.get("error"), ms: performance.now() - started };
  }

  /** `/api/auth/session`'s answer (an empty object when signed out). */
  async session(): Promise<AppResponse<SessionAnswer>> {
    return this.get<SessionAnswer>("/api/auth/session");
  }

  private async send<Body>(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<AppResponse<Body>> {
    const headers = { ...init.headers, cookie: this.jar.header(), ...(this.ip ? { "x-forwarded-for": this.ip } : {}) };
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    this.jar.store(response);
    const text = await response.text();
    const ms = performance.now() - started;
    return { status: response.status, headers: response.headers, body: parseBody<Body>(text), ms };
  }
}

/** JSON when it is JSON; else the text (an HTML error page), kept for the failure message. */
function parseBody<Body>(text: string): Body {
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return parsed as Body; // the caller names the shape it expects from that route, as helpers/http.ts does
}
