import { subscribe } from "node:diagnostics_channel";
import { flushAuthEvents } from "@/lib/audit";
import { DB_COMMAND_CHANNEL } from "@/lib/core/db";
import { emailWorkSettled } from "@/lib/email-flows";

/**
 * The database commands a piece of work sends, as the driver's command
 * monitoring sees them (lib/core/db.ts publishes each one on
 * DB_COMMAND_CHANNEL). Importing this module subscribes, which must happen
 * before the first connection: the driver monitors only if someone listens then.
 */

export interface SentCommand {
  /** find, aggregate, insert, update, … */
  name: string;
  collection: string;
  /** A find's filter (or count's query), as the server got it; undefined for other commands. */
  filter: unknown;
  /** A delete's or update's first statement's filter (`q`); undefined for other commands. */
  writeFilter?: unknown;
  /** A find's limit (FerretDB scans even for an `_id`: a limit of 1 stops it at the match). */
  limit?: unknown;
}

const sent: SentCommand[] = [];

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

subscribe(DB_COMMAND_CHANNEL, (message) => {
  const event = asRecord(message);
  if (!event || typeof event.commandName !== "string") return;
  const command = asRecord(event.command) ?? {};
  const statements = command.deletes ?? command.updates;
  const writeFilter = Array.isArray(statements) ? asRecord(statements[0])?.q : undefined;
  sent.push({ name: event.commandName, collection: String(command[event.commandName]), filter: command.filter ?? command.query, writeFilter, limit: command.limit });
});

/** Resolves once the fire-and-forget work started so far (audit events, notices, mail jobs) is done. */
async function backgroundWorkDone(): Promise<void> {
  await flushAuthEvents();
  await emailWorkSettled();
}

/**
 * The commands sent while `work` ran, and by the background work it started;
 * none of earlier work's.
 */
export async function commandsDuring(work: () => Promise<unknown>): Promise<SentCommand[]> {
  await backgroundWorkDone();
  sent.length = 0;
  await work();
  await backgroundWorkDone();
  return sent.splice(0);
}

/** `find users`, `aggregate authEvents`, …: a command as a failing test names it. */
export const describeCommand = (command: SentCommand) => `${command.name} ${command.collection}`;
