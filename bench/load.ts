/**
 * The load process: runs one autocannon load described by the JSON in
 * argv[2] (lib/load-types.ts) and prints its result as one JSON line. It runs
 * apart from bench/run.ts so that the client's own work never shares an event
 * loop with the orchestration.
 */
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { signInForm } from "./lib/http";
import type { LoadParams, LoadResult, SignInStorm } from "./lib/load-types";

function stormRequests(url: string, storm: SignInStorm): autocannon.Request[] {
  const pairOf = new WeakMap<object, SignInStorm["pairs"][number]>();
  let nextPair = 0;
  let nextUser = 0;
  return [
    {
      method: "POST",
      path: new URL(url).pathname,
      setupRequest(request, connection) {
        let pair = pairOf.get(connection);
        if (!pair) {
          pair = storm.pairs[nextPair++ % storm.pairs.length];
          if (pair) pairOf.set(connection, pair);
        }
        const user = storm.users[nextUser++ % storm.users.length];
        if (!pair || !user) throw new Error("a storm needs csrf pairs and users");
        return {
          ...request,
          headers: {
            ...request.headers,
            "content-type": "application/x-www-form-urlencoded",
            cookie: [pair.cookie, user.cookies].filter(Boolean).join("; "),
          },
          body: signInForm(pair.csrfToken, user.email, storm.password),
        };
      },
    },
  ];
}

async function main(): Promise<void> {
  const params = JSON.parse(process.argv[2] ?? "") as LoadParams; // written by lib/load-client.ts
  await sleep(Math.max(0, params.startAt - Date.now()));
  const result = await autocannon({
    url: params.url,
    connections: params.connections,
    duration: params.seconds,
    ...(params.amount ? { amount: params.amount } : {}),
    timeout: 60,
    headers: params.cookie ? { cookie: params.cookie } : {},
    ...(params.storm ? { requests: stormRequests(params.url, params.storm) } : {}),
  });
  const answer: LoadResult = {
    rps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
