import { setTimeout as sleep } from "node:timers/promises";
import type { Balancer } from "./balancer";
import { signalInstance, type Stack } from "./stack";

/**
 * The faults, on a schedule scaled to the run: the database stopped and
 * restarted on its port, the database paused (SIGSTOP) and resumed, the SMTP
 * server refusing with one instance SIGKILL'd meanwhile (mails queued), and
 * one instance SIGTERM'd. Each is written down as a window (ms since the run
 * began) from its start to when things are back, which the checks use.
 */

export type FaultName = "database stopped" | "database paused" | "SMTP refusing" | "instance SIGKILL" | "instance SIGTERM";

export interface FaultWindow {
  name: FaultName;
  start: number;
  /** When it was over: the database answered again, the instance was ready again, SMTP accepted again. */
  end: number;
  detail: string;
  /** The instance it hit, for the instance faults. */
  instance?: string;
  /** What went wrong with the fault itself (an instance that did not exit 0 on SIGTERM). */
  problem?: string;
}

/** Seconds for each fault: the long run's, shortened in a short one. */
function faultPlan(seconds: number) {
  const scaled = (longest: number, share: number) => Math.min(longest, Math.max(2, seconds * share));
  return { databaseStop: scaled(5, 0.15), databasePause: scaled(5, 0.15), smtpRefusal: scaled(30, 0.3) };
}

const READY_WAIT_MS = 90_000;

async function waitReady(balancer: Balancer, count: number): Promise<void> {
  const deadline = Date.now() + READY_WAIT_MS;
  while (balancer.readyCount() < count && Date.now() < deadline) await sleep(100);
}

export async function injectFaults(stack: Stack, balancer: Balancer, seconds: number, t0: number, log: (line: string) => void): Promise<FaultWindow[]> {
  const plan = faultPlan(seconds);
  const windows: FaultWindow[] = [];
  const now = () => Date.now() - t0;
  const at = async (share: number) => {
    const wait = t0 + seconds * 1000 * share - Date.now();
    if (wait > 0) await sleep(wait);
  };
  const [first, second] = stack.instances;
  if (!first || !second) throw new Error("the soak needs two instances");

  await at(0.08);
  let start = now();
  log(`fault: database stopped (SIGTERM) for ${plan.databaseStop} s`);
  await stack.database.stop();
  await sleep(plan.databaseStop * 1000);
  await stack.database.start();
  windows.push({ name: "database stopped", start, end: now(), detail: `SIGTERM, restarted after ${plan.databaseStop} s on the same port and folder` });

  await at(0.25);
  start = now();
  log(`fault: database paused (SIGSTOP) for ${plan.databasePause} s`);
  stack.database.pause();
  await sleep(plan.databasePause * 1000);
  stack.database.resume();
  windows.push({ name: "database paused", start, end: now(), detail: `SIGSTOP, SIGCONT after ${plan.databasePause} s` });

  await at(0.4);
  await waitReady(balancer, 2);
  start = now();
  log(`fault: SMTP refusing for ${plan.smtpRefusal} s; ${second.name} SIGKILL'd meanwhile`);
  stack.smtp.setBehaviour("refuse");
  const smtpBack = sleep(plan.smtpRefusal * 1000).then(() => {
    stack.smtp.setBehaviour("accept");
    windows.push({ name: "SMTP refusing", start, end: now(), detail: `550 to every message for ${plan.smtpRefusal} s` });
  });
  await sleep(plan.smtpRefusal * 400);
  const killAt = now();
  signalInstance(second, "SIGKILL");
  await second.restart();
  await waitReady(balancer, 2);
  windows.push({ name: "instance SIGKILL", start: killAt, end: now(), detail: `${second.name}, restarted at once`, instance: second.name });
  await smtpBack;

  await at(0.7);
  await waitReady(balancer, 2);
  const termAt = now();
  log(`fault: ${first.name} SIGTERM`);
  signalInstance(first, "SIGTERM");
  const ended = await first.restart();
  await waitReady(balancer, 2);
  const problem = ended === 0 ? undefined : `${first.name} ${ended === "stuck" ? "did not exit" : `exited ${ended}`} on SIGTERM (a graceful shutdown exits 0)`;
  windows.push({ name: "instance SIGTERM", start: termAt, end: now(), detail: `${first.name}, exit ${ended}, restarted`, instance: first.name, ...(problem ? { problem } : {}) });
  return windows;
}
