import { setTimeout as sleep } from "node:timers/promises";
import { SETTLE_MS, type CapturedCommand, type MonitoredApp } from "./commands";
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

const REPEATS = 2;

export interface RouteCommandRun {
  byRoute: Record<string, RouteCommands>;
  /** Every command the routes sent, tagged with the route, for the query-shape table. */
  captured: CapturedCommand[];
}

async function countedRequest(app: MonitoredApp, url: string, browser: SignedInBrowser, email: string): Promise<CapturedCommand[]> {
  const fresh = await signIn(app.server.baseUrl, email, BENCH_PASSWORD, browser.rememberedCookies);
  await sleep(SETTLE_MS);
  await app.report();
  const response = await fetch(url, { headers: { cookie: fresh.sessionCookie }, signal: AbortSignal.timeout(120_000) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status} while counting commands`);
  await sleep(SETTLE_MS);
  return (await app.report()).commands;
}

export async function measureRouteCommands(app: MonitoredApp, data: BenchUserData, email: string): Promise<RouteCommandRun> {
  const browsers = new Map<string, SignedInBrowser>();
  const byRoute: Record<string, RouteCommands> = {};
  const captured: CapturedCommand[] = [];
  for (const route of BENCH_ROUTES) {
    const who = routeEmail(route, email);
    // One first sign-in per person gives the device cookie a known browser sends (no new-sign-in mail after it).
    const browser = browsers.get(who) ?? (await signIn(app.server.baseUrl, who, BENCH_PASSWORD));
    browsers.set(who, browser);
    const byCommand: Record<string, number> = {};
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const sent = await countedRequest(app, `${app.server.baseUrl}${route.path(data)}`, browser, who);
      for (const command of sent) {
        const name = `${command.commandName} ${String(command.command[command.commandName])}`;
        byCommand[name] = (byCommand[name] ?? 0) + 1 / REPEATS;
        captured.push({ ...command, source: route.label });
      }
    }
    byRoute[route.key] = { total: Object.values(byCommand).reduce((sum, count) => sum + count, 0), byCommand };
  }
  return { byRoute, captured };
}
