import type { RequestRecord } from "./balancer";
import { overlaps, type AuditTally, type MailTally } from "./checks";
import type { FaultWindow } from "./faults";
import { formatNumber, percentile } from "../lib/stats";

/** bench/results/soak.md: the run as tables, then every failure (docs/operations.md shows the last long run's). */

interface SoakSummary {
  seconds: number;
  machine: string;
  records: RequestRecord[];
  windows: FaultWindow[];
  mails: MailTally[];
  /** Messages that arrived more than once under one Message-ID. */
  sameMessageIdTwice: string[];
  audits: AuditTally[];
  vaultsChecked: number;
  signupsChecked: number;
  drainedMs: number;
  failures: string[];
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_cell, index) => (index === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

const ms = (value: number) => (Number.isFinite(value) ? `${formatNumber(value, value < 10 ? 1 : 0)} ms` : "–");
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

function requestRows(records: RequestRecord[]): string[][] {
  const kinds = [...new Set(records.map((record) => record.kind))];
  const row = (name: string, list: RequestRecord[]) => {
    const count = (test: (status: number) => boolean) => String(list.filter((record) => test(record.status)).length);
    const latencies = list.filter((record) => record.status !== 0).map((record) => record.ms);
    return [
      name,
      String(list.length),
      count((status) => status >= 200 && status < 300),
      count((status) => status >= 300 && status < 400),
      count((status) => status >= 400 && status < 500),
      count((status) => status >= 500),
      count((status) => status === 0),
      String(list.filter((record) => record.retried).length),
      ms(percentile(latencies, 50)),
      ms(percentile(latencies, 99)),
    ];
  };
  return [...kinds.map((kind) => row(kind, records.filter((record) => record.kind === kind))), row("**all**", records)];
}

/** Answers to requests under way while the database was paused: how fast a hung database turns into a 503. */
export function pausedAnswers(records: RequestRecord[], windows: FaultWindow[]): { count: number; unavailable: number; p50: number; p99: number } {
  const pause = windows.find((window) => window.name === "database paused");
  const inside = pause ? records.filter((record) => record.status !== 0 && overlaps(record, pause, 0)) : [];
  const latencies = inside.map((record) => record.ms);
  return { count: inside.length, unavailable: inside.filter((record) => record.status === 503).length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export function soakMarkdown(summary: SoakSummary): string {
  const paused = pausedAnswers(summary.records, summary.windows);
  const verdict = summary.failures.length === 0 ? "**passed**" : `**failed** (${summary.failures.length} failure(s))`;
  return [
    `# Soak: ${summary.seconds} s, two instances, ${summary.machine}: ${verdict}`,
    "",
    table(["Requests", "count", "2xx", "3xx", "4xx", "5xx", "no answer", "retried", "p50", "p99"], requestRows(summary.records)),
    "",
    table(["Fault", "from", "until back", "what"], summary.windows.map((window) => [window.name, seconds(window.start), seconds(window.end), window.detail])),
    "",
    `While the database was paused: ${paused.count} answers, ${paused.unavailable} of them 503; p50 ${ms(paused.p50)}, p99 ${ms(paused.p99)} (DB_REQUEST_TIMEOUT_MS 1000).`,
    "",
    table(["Mails", "owed", "delivered", "duplicated", "lost"], summary.mails.map((mail) => [mail.kind, String(mail.owed), String(mail.delivered), String(mail.duplicated), String(mail.lost)])),
    "",
    `Messages that arrived twice under one Message-ID (all kinds, notices included): ${summary.sameMessageIdTwice.length}.`,
    ...summary.sameMessageIdTwice.map((line) => `- ${line}`),
    "",
    table(["Audit events", "expected", "found"], summary.audits.map((audit) => [audit.types, String(audit.expected), String(audit.found)])),
    "",
    `Vaults read back: ${summary.vaultsChecked}; sign-ups found: ${summary.signupsChecked}; the outbox drained in ${seconds(summary.drainedMs)}.`,
    "",
    ...(summary.failures.length === 0 ? ["No failures."] : ["Failures:", "", ...summary.failures.slice(0, 50).map((failure) => `- ${failure}`), ...(summary.failures.length > 50 ? [`- … and ${summary.failures.length - 50} more`] : [])]),
    "",
  ].join("\n");
}
