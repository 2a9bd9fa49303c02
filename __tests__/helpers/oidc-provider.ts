import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import path from "node:path";

/**
 * A real OpenID Connect provider for sign-in tests: `oidc-provider/server.mjs`
 * in a child process (oidc-provider is ESM-only, so jest cannot load it), with
 * one confidential client, in-memory accounts and a plain HTML sign-in form.
 */

export interface OidcClaims {
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  picture?: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers (or replaces) the account that signs in with username `login`; `sub` = login. */
  setAccount(login: string, claims: OidcClaims): Promise<void>;
  /** Stops the child process (by its PID) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const SERVER_PATH = path.join(__dirname, "oidc-provider", "server.mjs");
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_LOGIN_STEPS = 20;

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!isRunning(child) || child.pid === undefined) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // Already gone between the check and the signal.
  }
}

/**
 * A forgotten stop() must not keep the test process alive: nothing of the child
 * holds the event loop, and the child exits when its IPC channel closes.
 */
function detach(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream instanceof Socket) stream.unref();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (!isRunning(child)) return;
  kill(child, "SIGTERM");
  // It exits promptly on SIGTERM; SIGKILL only if it hangs.
  // This timer also keeps the event loop alive until the (unref'd) child is gone.
  const timer = setTimeout(() => kill(child, "SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the port from the child's `READY <port>` line; rejects with everything it printed. */
function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    let stdout = "";
    const onStdout = (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      const ready = /^READY (\d+)$/m.exec(stdout);
      if (ready) settle(() => resolve(Number(ready[1])));
    };
    const onStderr = (chunk: Buffer) => {
      output += chunk.toString();
    };
    const fail = (reason: string) => settle(() => reject(new Error(`OIDC provider did not start: ${reason}\n${output}`)));
    const onExit = (code: number | null, signal: string | null) => fail(`exited with ${signal ?? code}`);
    const onError = (error: Error) => fail(error.message);
    const timer = setTimeout(() => fail(`no READY line within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);

    function settle(finish: () => void) {
      clearTimeout(timer);
      child.stdout?.off("data", onStdout);
      child.stderr?.off("data", onStderr);
      child.off("exit", onExit);
      child.off("error", onError);
      // Keep draining both pipes, or a chatty child would block on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      finish();
    }

    child.stdout?.on("data", onStdout);
    child.stderr?.on("data", onStderr);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

async function registerAccount(issuer: string, login: string, claims: OidcClaims): Promise<void> {
  const response = await fetch(`${issuer}/__test/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, claims }),
  });
  if (response.status !== 204) {
    throw new Error(`registering ${login} failed: ${response.status} ${await response.text()}`);
  }
}

/** Starts server.mjs with `node`, waits for READY (max 15 s; on failure, reject with its output). */
export async function startOidcProvider(options: { redirectUris: string[]; port?: number }): Promise<OidcTestProvider> {
  const clientId = "keyforge-test";
  const clientSecret = randomBytes(24).toString("base64url");
  const child = spawn(process.execPath, [SERVER_PATH], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret,
      REDIRECT_URIS: options.redirectUris.join(","),
    },
    // The IPC channel lets the child notice that this process died, however it died.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => kill(child, "SIGKILL");
  process.on("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));

  let port: number;
  try {
    port = await waitForReady(child);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  detach(child);

  const issuer = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (login, claims) => registerAccount(issuer, login, claims),
    stop: () => (stopping ??= stopChild(child, exited)),
  };
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies by name and path: the provider scopes its interaction cookies to paths. */
type CookieJar = Map<string, Cookie>;

function parseSetCookie(header: string): { cookie: Cookie; expired: boolean } {
  const [pair = "", ...attributeParts] = header.split(";");
  const separator = pair.indexOf("=");
  const attributes = new Map(
    attributeParts.map((part) => {
      const [key = "", ...value] = part.split("=");
      return [key.trim().toLowerCase(), value.join("=").trim()];
    }),
  );
  const expires = attributes.get("expires");
  const cookie = {
    name: pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
    path: attributes.get("path") || "/",
  };
  const expired = attributes.get("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
  return { cookie, expired };
}

function storeCookies(jar: CookieJar, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const { cookie, expired } = parseSetCookie(header);
    const key = `${cookie.name};${cookie.path}`;
    if (expired || !cookie.value) jar.delete(key);
    else jar.set(key, cookie);
  }
}

function cookieHeader(jar: CookieJar, url: URL): string {
  const inPath = ({ path: cookiePath }: Cookie) =>
    url.pathname === cookiePath || url.pathname.startsWith(cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`);
  return [...jar.values()]
    .filter(inPath)
    .map(({ name, value }) => `${name}=${value}`)
    .join("; ");
}

async function send(jar: CookieJar, url: URL, form: URLSearchParams | undefined): Promise<Response> {
  const headers: Record<string, string> = { cookie: cookieHeader(jar, url) };
  const response = await fetch(url, form ? { method: "POST", headers, body: form, redirect: "manual" } : { headers, redirect: "manual" });
  storeCookies(jar, response);
  return response;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function formAction(html: string): string | undefined {
  const action = /<form\b[^>]*\baction="([^"]*)"/i.exec(html)?.[1];
  return action === undefined ? undefined : decodeEntities(action);
}

function pageText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Plays a browser at the provider, for API-level tests: GETs `authorizationUrl` (the provider URL
 * our app redirected to), follows the provider's own redirects with a private cookie jar
 * (redirect: "manual"), submits the login form as `login`, and keeps following until a redirect
 * leaves the provider's origin. Returns that URL (the app's callback with code, state, iss).
 * Throws with the page text if the provider answers with an error page instead.
 */
export async function loginAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar: CookieJar = new Map();
  let url = new URL(authorizationUrl);
  const { origin } = url;
  let form: URLSearchParams | undefined;
  let submitted = false;

  for (let step = 0; step < MAX_LOGIN_STEPS; step += 1) {
    const response = await send(jar, url, form);
    form = undefined;
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== origin) return url;
      continue;
    }
    const html = await response.text();
    // The sign-in form is submitted once; any other page is the provider refusing.
    const action = response.ok && !submitted ? formAction(html) : undefined;
    if (action === undefined) {
      throw new Error(`OIDC provider answered ${response.status} at ${url.pathname}: ${pageText(html)}`);
    }
    url = new URL(action, url);
    form = new URLSearchParams({ login });
    submitted = true;
  }
  throw new Error(`OIDC provider sign-in did not leave ${origin} within ${MAX_LOGIN_STEPS} requests`);
}
