import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "mongodb";
import type { ReceivedMail, TestSmtpServer } from "../../__tests__/helpers/smtp";
import type { RequestRecord } from "./balancer";
import type { FaultWindow } from "./faults";
import type { AuditType, Ledger } from "./journeys";

/**
 * What must hold after the run, each a list of failures (empty: it held):
 * no 5xx but a 503 with Retry-After in a fault window, no request left
 * unanswered but on the instance SIGKILL'd, every accepted action's audit
 * event, every owed mail delivered once (twice at most around the SIGKILL),
 * every sign-up's user, an empty outbox without a live lease.
 */

/** After a window ends, answers may still be slow to recover for this long (a reconnect, a cold route). */
const GRACE_MS = 5_000;

/** Whether the request was under way at some moment of the window (or of its grace after). */
export const overlaps = (record: RequestRecord, window: FaultWindow, grace = GRACE_MS) => record.at <= window.end + grace && record.at + record.ms >= window.start;

export function checkAnswers(records: RequestRecord[], windows: FaultWindow[]): string[] {
  const failures: string[] = [];
  for (const record of records) {
    const where = `${record.kind} on ${record.instance} at ${(record.at / 1000).toFixed(1)} s`;
    if (record.status === 0) {
      const killed = windows.some((window) => window.name === "instance SIGKILL" && window.instance === record.instance && overlaps(record, window, 0));
      if (!killed) failures.push(`no answer: ${where} (${record.error ?? "?"})`);
    } else if (record.status >= 500) {
      const excused = record.status === 503 && record.retryAfter !== null && windows.some((window) => overlaps(record, window));
      if (!excused) failures.push(`${record.status}${record.retryAfter ? "" : " without Retry-After"}: ${where}`);
    }
  }
  return failures;
}

type MailKind = "password-reset" | "email-change" | "verification" | "notice";

function mailKind(subject: string): MailKind {
  if (/^Reset your/.test(subject)) return "password-reset";
  if (/^Confirm your new email/.test(subject)) return "email-change";
  if (/^Confirm your email/.test(subject)) return "verification";
  return "notice";
}

export interface MailTally {
  kind: string;
  owed: number;
  delivered: number;
  duplicated: number;
  lost: number;
}

function deliveredTo(received: ReceivedMail[], to: string, kind: MailKind): number {
  return received.filter((mail) => mail.to.toLowerCase().includes(to.toLowerCase()) && mailKind(mail.subject) === kind).length;
}

/** Mails that arrived more than once with one Message-ID (the outbox builds it from the mail's id: the same mail sent again), described. */
function repeatedMessageIds(received: ReceivedMail[]): string[] {
  const seen = new Map<string, ReceivedMail[]>();
  for (const mail of received) {
    const id = /^Message-ID:\s*(\S+)/im.exec(mail.raw)?.[1];
    if (id) seen.set(id, [...(seen.get(id) ?? []), mail]);
  }
  const dateOf = (mail: ReceivedMail) => /^Date:\s*(.+)$/im.exec(mail.raw)?.[1]?.trim() ?? "?";
  return [...seen.entries()]
    .filter(([, mails]) => mails.length > 1)
    .map(([id, mails]) => `${id} ×${mails.length}: "${mails[0]?.subject}" to ${mails[0]?.to} (Date headers: ${mails.map(dateOf).join(", ")})`);
}

/** Every owed mail once; twice is tolerated for a request made while mails waited and an instance was SIGKILL'd. */
export function checkMails(ledger: Ledger, smtp: TestSmtpServer, windows: FaultWindow[], t0: number): { failures: string[]; sameMessageIdTwice: string[]; tally: MailTally[] } {
  const failures: string[] = [];
  const tallies = new Map<string, MailTally>();
  const refusal = windows.find((window) => window.name === "SMTP refusing");
  const kill = windows.find((window) => window.name === "instance SIGKILL");
  for (const owed of ledger.mails) {
    const tally = tallies.get(owed.kind) ?? { kind: owed.kind, owed: 0, delivered: 0, duplicated: 0, lost: 0 };
    tallies.set(owed.kind, tally);
    tally.owed += 1;
    const count = deliveredTo(smtp.received, owed.to, owed.kind);
    const at = owed.at - t0;
    const crashWindow = refusal && kill && at >= refusal.start && at <= kill.end;
    if (count > 0) tally.delivered += 1;
    if (count > 1) tally.duplicated += 1;
    if (count === 0) {
      tally.lost += 1;
      failures.push(`lost: ${owed.kind} mail to ${owed.to} (requested at ${(at / 1000).toFixed(1)} s)`);
    } else if (count > (crashWindow ? 2 : 1)) {
      failures.push(`duplicated ×${count}: ${owed.kind} mail to ${owed.to} (requested at ${(at / 1000).toFixed(1)} s)`);
    }
  }
  const notices = smtp.received.filter((mail) => mailKind(mail.subject) === "notice").length;
  return { failures, sameMessageIdTwice: repeatedMessageIds(smtp.received), tally: [...tallies.values(), { kind: "notices (not owed per request)", owed: 0, delivered: notices, duplicated: 0, lost: 0 }] };
}

export interface AuditTally {
  types: string;
  expected: number;
  found: number;
}

/** Each accepted audited action has its event in `authEvents`, for its account, at or after the request. */
export async function checkAudit(db: Db, ledger: Ledger): Promise<{ failures: string[]; tally: AuditTally[] }> {
  const failures: string[] = [];
  const groups = new Map<string, { email: string; types: AuditType[]; count: number; from: number }>();
  for (const audit of ledger.audits) {
    const key = `${audit.email} ${audit.types.join("|")}`;
    const group = groups.get(key) ?? { email: audit.email, types: audit.types, count: 0, from: audit.at };
    group.count += 1;
    group.from = Math.min(group.from, audit.at);
    groups.set(key, group);
  }
  const tally = new Map<string, AuditTally>();
  for (const group of groups.values()) {
    const user = await db.collection("users").findOne({ email: group.email.toLowerCase() }, { projection: { _id: 1 } });
    const found = user
      ? await db.collection("authEvents").countDocuments({ userId: user._id, type: { $in: group.types }, at: { $gte: new Date(group.from - 2_000) } })
      : 0;
    const name = group.types.join(" or ");
    const row = tally.get(name) ?? { types: name, expected: 0, found: 0 };
    row.expected += group.count;
    row.found += Math.min(found, group.count);
    tally.set(name, row);
    if (found < group.count) failures.push(`audit: ${group.email} has ${found} of ${group.count} ${name} event(s)`);
  }
  return { failures, tally: [...tally.values()] };
}

export async function checkSignups(db: Db, ledger: Ledger): Promise<string[]> {
  const failures: string[] = [];
  for (const signup of ledger.signups) {
    if (!(await db.collection("users").findOne({ email: signup.email }, { projection: { _id: 1 } }))) failures.push(`sign-up lost: ${signup.email}`);
  }
  return failures;
}

/** Outbox documents still owed a delivery, and leases still held (lib/mail/outbox.ts: state, leaseUntil, leaseOwner). */
async function outboxState(db: Db): Promise<{ waiting: number; leased: number; dead: number }> {
  const outbox = db.collection("outbox");
  const [waiting, leased, dead] = await Promise.all([
    outbox.countDocuments({ state: "queued" }),
    // A lease still running, or an owner never cleared (an instance that died holding it, and nobody took it over).
    outbox.countDocuments({ $or: [{ leaseUntil: { $gt: new Date() } }, { leaseOwner: { $ne: null } }] }),
    outbox.countDocuments({ state: "dead" }),
  ]);
  return { waiting, leased, dead };
}

/** Waits (bounded) until the outbox has nothing waiting and no lease, and every owed mail has arrived. */
export async function drain(db: Db, ledger: Ledger, smtp: TestSmtpServer, timeoutMs: number): Promise<{ waitedMs: number; failures: string[] }> {
  const started = Date.now();
  const delivered = () => ledger.mails.every((owed) => deliveredTo(smtp.received, owed.to, owed.kind) > 0);
  let state = await outboxState(db);
  while (Date.now() - started < timeoutMs && (state.waiting > 0 || state.leased > 0 || !delivered())) {
    await sleep(500);
    state = await outboxState(db);
  }
  // Late duplicates would arrive now, if a dead instance's lease ran out and its mail went again.
  await sleep(2_000);
  state = await outboxState(db);
  const failures: string[] = [];
  if (state.waiting > 0) failures.push(`outbox: ${state.waiting} mail(s) still waiting after ${Math.round(timeoutMs / 1000)} s`);
  if (state.leased > 0) failures.push(`outbox: ${state.leased} orphaned lease(s) still held`);
  if (state.dead > 0) failures.push(`outbox: ${state.dead} mail(s) given up on (dead)`);
  return { waitedMs: Date.now() - started, failures };
}

/** Each member's vault shows the last key a 2xx wrote (or one written after it whose answer was lost: it may have landed). */
export async function checkVault(ledger: Ledger, read: (email: string) => Promise<string | undefined>): Promise<{ failures: string[]; checked: number }> {
  const failures: string[] = [];
  let checked = 0;
  for (const [email, writes] of ledger.vaultWrites) {
    const lastAccepted = writes.findLastIndex((write) => write.status >= 200 && write.status < 300);
    if (lastAccepted < 0) continue;
    checked += 1;
    const candidates = writes.slice(lastAccepted).filter((write, index) => index === 0 || write.status === 0 || write.status >= 500);
    const body = await read(email);
    if (body === undefined) failures.push(`vault: could not read ${email}'s vault after the run`);
    else if (!candidates.some((write) => body.includes(write.key.slice(-4)))) failures.push(`vault: ${email} shows ${body.slice(0, 120)}, not the key written last (…${candidates[0]?.key.slice(-4)})`);
  }
  return { failures, checked };
}
