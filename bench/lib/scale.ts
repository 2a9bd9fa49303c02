import type { BenchConfig } from "./config";
import { fetchCsrfPair, postSignIn, signIn, timedGet } from "./http";
import type { LatencySeries } from "./results";
import { BENCH_PASSWORD, benchEmail } from "./seed";
import type { Server } from "./servers";
import { percentile } from "./stats";

/**
 * Figure (g), one half: the app's sign-in and protected-route latency with
 * `users` users in the database. Both are measured for the user inserted
 * last, the one a scan reaches last, so a query that does not use an index
 * shows up as latency that grows with the collection.
 */

/** The fewest samples a series keeps, even past its time budget. */
const MIN_SAMPLES = 3;

async function series(run: () => Promise<number>, samples: number, budgetSeconds: number): Promise<LatencySeries> {
  const deadline = performance.now() + budgetSeconds * 1000;
  const times: number[] = [];
  while (times.length < samples && (times.length < MIN_SAMPLES || performance.now() < deadline)) times.push(await run());
  return { p50: percentile(times, 50), samples: times.length };
}

export async function measureLatencies(config: BenchConfig, app: Server, users: number): Promise<{ signIn: LatencySeries; preferences: LatencySeries }> {
  const email = benchEmail(users - 1);
  // Signing in once gives the session to read with, and the device cookie a returning browser sends.
  const browser = await signIn(app.baseUrl, email, BENCH_PASSWORD);
  const csrf = await fetchCsrfPair(app.baseUrl);
  const signInSeries = await series(
    async () => {
      const started = performance.now();
      const response = await postSignIn(app.baseUrl, csrf, email, BENCH_PASSWORD, browser.rememberedCookies);
      const body = await response.text();
      if (response.status !== 200 || body.includes("error=")) throw new Error(`sign-in failed at ${users} users: ${response.status}`);
      return performance.now() - started;
    },
    config.signInSamples,
    config.latencyBudgetSeconds,
  );
  const preferences = await series(
    async () => {
      const { status, ms } = await timedGet(`${app.baseUrl}/api/user/preferences`, browser.sessionCookie);
      if (status !== 200) throw new Error(`/api/user/preferences answered ${status} at ${users} users`);
      return ms;
    },
    config.latencySamples,
    config.latencyBudgetSeconds,
  );
  return { signIn: signInSeries, preferences };
}
