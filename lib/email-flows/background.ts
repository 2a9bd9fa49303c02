import "#server-only";
import { z } from "zod";
import { log } from "@/lib/core/log";
import { defaultOutbox } from "@/lib/mail";
import { noticesSent } from "@/lib/notices";

/**
 * Work a request starts and does not wait for (what a neutral answer must not
 * depend on: does the account exist?) is a mail job (lib/mail/jobs.ts):
 * inserted into the outbox before the answer, for every request alike, run at
 * once in this process and, if it dies, by any instance once the lease
 * expires. The schemas below validate what the jobs read back.
 */

export const requestContextSchema = z.object({ ip: z.string(), userAgent: z.string() });
export const activityPlaceSchema = z.object({ device: z.string(), ip: z.string(), at: z.coerce.date() });
export const recipientSchema = z.object({ email: z.string(), name: z.string().nullable().optional(), verified: z.boolean() });

/**
 * Queues a job after the request's change is already made (a sign-up, an
 * email change): a full outbox (503) or a database error is logged, not
 * thrown, since answering an error would hide a change that happened.
 */
export async function queueAfterCommit(event: string, queue: () => Promise<void>): Promise<void> {
  try {
    await queue();
  } catch (error) {
    log.error(event, error);
  }
}

/**
 * Resolves once the notices started so far are in the outbox and every
 * attempt this process started is done: accepted, or failed and waiting for
 * its retry (which the worker, any instance's, makes). Tests wait for it
 * before asserting what arrived, or that nothing did.
 */
export async function emailWorkSettled(): Promise<void> {
  await noticesSent();
  await defaultOutbox().settled();
}
