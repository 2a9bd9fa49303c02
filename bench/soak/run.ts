/**
 * `npm run soak [-- --seconds N]`: two app instances on one database under
 * mixed journeys at a steady rate, with faults injected (bench/soak/faults.ts);
 * afterwards every accepted request's effect is checked (bench/soak/checks.ts)
 * and the tables go to bench/results/soak.md. Exit 1 when anything was lost.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { MongoClient } from "mongodb";
import { benchEmail, benchPasswordHash, seedUsers } from "../lib/seed";
import { Balancer } from "./balancer";
import { checkAnswers, checkAudit, checkMails, checkSignups, checkVault, drain } from "./checks";
import { injectFaults } from "./faults";
import { emptyLedger, readVault, runJourney, type JourneyContext } from "./journeys";
import { pausedAnswers, soakMarkdown } from "./report";
import { startStack, stopStack, type Stack } from "./stack";

const repoRoot = path.join(__dirname, "..", "..");
const resultsFile = path.join(repoRoot, "bench", "results", "soak.md");
/** Journeys started a second, steadily; and the most running at once (a journey waiting on a fault holds its slot). */
const JOURNEYS_PER_SECOND = 2;
const MAX_IN_FLIGHT = 30;
const MEMBERS = 40;
/** The longest retry delay (16 s) twice over, and a lease (15 s): a mail still waiting after this is stuck. */
const DRAIN_TIMEOUT_MS = 55_000;

const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(seconds: number): Promise<number> {
  if (!existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const stack: Partial<Stack> = {};
  const client = { current: undefined as MongoClient | undefined };
  const interrupt = () => {
    log("interrupted: stopping everything");
    void stopStack(stack).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    Object.assign(stack, await startStack(log));
    const { database, smtp, stub, instances } = stack as Stack;
    client.current = new MongoClient(database.uri, { serverSelectionTimeoutMS: 5_000 });
    const db = client.current.db();
    const forgetfulCount = Math.ceil(seconds * JOURNEYS_PER_SECOND) + 10;
    await seedUsers(db, 0, MEMBERS + forgetfulCount, benchPasswordHash(10));

    const t0 = Date.now();
    const balancer = new Balancer(instances, t0);
    const ledger = emptyLedger();
    const context: JourneyContext = {
      balancer,
      stub,
      ledger,
      clock: Date.now,
      members: Array.from({ length: MEMBERS }, (_unused, index) => benchEmail(index)),
      forgetful: Array.from({ length: forgetfulCount }, (_unused, index) => benchEmail(MEMBERS + index)),
    };
    log(`load: ${JOURNEYS_PER_SECOND} journeys a second for ${seconds} s, faults on schedule`);
    const faults = injectFaults(stack as Stack, balancer, seconds, t0, log);
    // Awaited after the load; until then a failed fault must not count as an unhandled rejection.
    faults.catch(() => undefined);
    const journeyErrors: string[] = [];
    const running = new Set<Promise<void>>();
    let skipped = 0;
    for (let turn = 0; Date.now() - t0 < seconds * 1000; turn += 1) {
      if (running.size >= MAX_IN_FLIGHT) skipped += 1;
      else {
        const journey = runJourney(context, turn)
          .catch((error: unknown) => void journeyErrors.push(`journey ${turn}: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => running.delete(journey));
        running.add(journey);
      }
      await sleep(Math.max(0, t0 + ((turn + 1) * 1000) / JOURNEYS_PER_SECOND - Date.now()));
    }
    log(`load done (${skipped} journeys skipped: too many in flight); waiting for the faults and the last journeys`);
    const windows = await faults;
    await Promise.all(running);
    balancer.stop();

    log("draining the outbox …");
    const drained = await drain(db, ledger, smtp, DRAIN_TIMEOUT_MS);
    const audit = await checkAudit(db, ledger);
    const mails = checkMails(ledger, smtp, windows, t0);
    const signups = await checkSignups(db, ledger);
    const checker = new Balancer(instances, t0);
    await sleep(1_000);
    const vault = await checkVault(ledger, (email) => readVault(checker, email));
    checker.stop();
    const probe = [...balancer.missingProbe].map((name) => `readiness: ${name} has no /api/health/ready (404): /api/health stood in`);
    const faultProblems = windows.flatMap((window) => (window.problem ? [`fault: ${window.problem}`] : []));
    const failures = [...probe, ...faultProblems, ...checkAnswers(balancer.records, windows), ...drained.failures, ...mails.failures, ...audit.failures, ...signups, ...vault.failures, ...ledger.staleReads.map((stale) => `stale read: ${stale}`), ...journeyErrors];

    const markdown = soakMarkdown({
      seconds,
      machine: `${os.cpus().length} cores`,
      records: balancer.records,
      windows,
      mails: mails.tally,
      sameMessageIdTwice: mails.sameMessageIdTwice,
      audits: audit.tally,
      vaultsChecked: vault.checked,
      signupsChecked: ledger.signups.length,
      drainedMs: drained.waitedMs,
      failures,
    });
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, markdown);
    for (const instance of instances) writeFileSync(path.join(path.dirname(resultsFile), `soak-${instance.name.replace(/\W+/g, "-")}.log`), instance.output());
    // Every request, for a closer look at a failure.
    writeFileSync(resultsFile.replace(/\.md$/, ".json"), JSON.stringify({ windows, records: balancer.records }, null, 1));
    console.log(`\n${markdown}`);
    const paused = pausedAnswers(balancer.records, windows);
    log(`${failures.length === 0 ? "passed" : "FAILED"}: ${balancer.records.length} requests, ${failures.length} failure(s); paused-database answers p99 ${Math.round(paused.p99)} ms; ${path.relative(repoRoot, resultsFile)}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await client.current?.close().catch(() => undefined);
    await stopStack(stack);
  }
}

const { values } = parseArgs({ options: { seconds: { type: "string", default: "150" } } });
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 10) {
  console.error("--seconds must be a number of at least 10");
  process.exit(2);
}
main(seconds).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exit(1);
  },
);
