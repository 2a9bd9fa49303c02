import "#server-only";
import type { ZodType } from "zod";
import type { MailMessage } from "./message";

/**
 * Jobs: work a request must not wait for but must not lose either (a neutral
 * flow's lookup and its mail). A request inserts the job into the outbox
 * before it answers; its handler, found here by name, runs at once in that
 * process, or on any instance once the lease of a process that died expires.
 * It returns the mail to send (the same outbox document becomes that mail),
 * or null when there is nothing to send (the document is deleted).
 *
 * The registry lives on `globalThis`: instrumentation.ts and the API routes
 * are bundled apart and may each load this module; every copy must see every
 * handler.
 */

export interface MailJob<Input> {
  /** Validates the input read back from the database (it was sealed, but the code that wrote it may be older). */
  schema: ZodType<Input>;
  run(input: Input): Promise<MailMessage | null>;
}

const REGISTRY = Symbol.for("keyforge.mail-jobs");
// globalThis's type knows nothing kept there: this names the one property this module keeps.
const globalForJobs = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, MailJob<unknown>> };

function registry(): Map<string, MailJob<unknown>> {
  return (globalForJobs[REGISTRY] ??= new Map());
}

/** A job that a process without its handler registered finds: retried later, like a failed send. */
export class UnknownJobError extends Error {
  readonly code = "UNKNOWN_JOB";
  constructor(name: string) {
    super(`no handler for mail job ${name}`);
    this.name = "UnknownJobError";
  }
}

/** Registers `job` under `name` (the feature that queues it does so when its module loads); returns the name to queue it by. */
export function registerMailJob<Input>(name: string, job: MailJob<Input>): MailJobName<Input> {
  // A handler is stored without its input type: runMailJob validates the input with the job's own schema first.
  registry().set(name, job as MailJob<unknown>);
  return name as MailJobName<Input>;
}

/** A registered job's name, typed by its input so `queueJob` takes only that. */
export type MailJobName<Input> = string & { readonly input?: Input };

/** Runs the job `name` on `input` as read from the database: validated first (a ZodError is a failure like any). */
export async function runMailJob(name: string, input: unknown): Promise<MailMessage | null> {
  const job = registry().get(name);
  if (!job) throw new UnknownJobError(name);
  return job.run(job.schema.parse(input));
}
