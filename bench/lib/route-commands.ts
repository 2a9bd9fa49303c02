import { setTimeout as sleep } from "node:timers/promises";
import { commandLabel, SETTLE_MS, type CapturedCommand, type MonitoredApp } from "./commands";
import { signIn, type SignedInBrowser } from "./http";
import type { RouteCommands } from "./results";
import { BENCH_ROUTES, routeEmail, type BenchUserData } from "./routes";
import { BENCH_PASSWORD } from "./seed";

/**
 * Database commands per request of every route, on the app started with the
 * command monitor (commands.ts). Each request is counted alone, right after
 * a fresh sign-in of a known browser, so it falls inside the revalidation
 * interval however slow the database is (the session check then sends
 * nothing: what a browser's requests cost between two revalidations), and
 * after the sign-in's own background writes have settled.
 */


interface RouteCommandRun {
  byRoute: Record<string, RouteCommands>;
  /** Every command the routes sent, tagged with the route, for the query-shape table. */
  captured: CapturedCommand[];
}

/** The commands one request sent, or what it answered instead of 200 (its commands would describe an error path). */
async function countedRequest(app: MonitoredApp, url: string, browser: SignedInBrowser, email: string): Promise<CapturedCommand[] | string> {
  const fresh = await signIn(app.server.baseUrl, email, BENCH_PASSWORD, browser.rememberedCookies);
  await sleep(SETTLE_MS);
  await app.report();
  const response = await fetch(url, { headers: { cookie: fresh.sessionCookie }, signal: AbortSignal.timeout(120_000) });
  const body = await response.text();
  await sleep(SETTLE_MS);
  const { commands } = await app.report();
  return response.status === 200 ? commands.filter((command) => !isOutboxWorker(command)) : `${response.status} ${body.slice(0, 120)}`;
}

/** The mail outbox's worker polls on a timer (lib/mail), whatever the request: its reads are not the route's. */
function isOutboxWorker(command: CapturedCommand): boolean {
  return String(command.command[command.commandName]) === "outbox" && command.commandName !== "insert";
}

/** Each route `repeats` times (the counts are per request). */
export async function measureRouteCommands(app: MonitoredApp, data: BenchUserData, email: string, repeats: number, log: (line: string) => void): Promise<RouteCommandRun> {
  const browsers = new Map<string, SignedInBrowser>();
  const byRoute: Record<string, RouteCommands> = {};
  const captured: CapturedCommand[] = [];
  for (const route of BENCH_ROUTES) {
    const who = routeEmail(route, email);
    // One first sign-in per person gives the device cookie a known browser sends (no new-sign-in mail after it).
    const browser = browsers.get(who) ?? (await signIn(app.server.baseUrl, who, BENCH_PASSWORD));
    browsers.set(who, browser);
    // Once uncounted, as a browser that has been here before: a first request may create indexes or fill a process cache.
    await fetch(`${app.server.baseUrl}${route.path(data)}`, { headers: { cookie: browser.sessionCookie }, signal: AbortSignal.timeout(120_000) }).then((response) => response.arrayBuffer());
    const byCommand: Record<string, number> = {};
    let error: string | undefined;
    for (let repeat = 0; repeat < repeats && error === undefined; repeat++) {
      const sent = await countedRequest(app, `${app.server.baseUrl}${route.path(data)}`, browser, who);
      if (typeof sent === "string") {
        error = sent;
        log(`  warning: ${route.label} answered ${sent} while counting commands`);
        break;
      }
      for (const command of sent) {
        const name = commandLabel(command);
        byCommand[name] = (byCommand[name] ?? 0) + 1 / repeats;
        captured.push({ ...command, source: route.label });
      }
    }
    const total = error === undefined ? Object.values(byCommand).reduce((sum, count) => sum + count, 0) : Number.NaN;
    byRoute[route.key] = { total, byCommand: error === undefined ? byCommand : {}, ...(error === undefined ? {} : { error }) };
  }
  return { byRoute, captured };
}
