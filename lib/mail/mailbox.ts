import "#server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { z } from "zod";
import type { MailMessage } from "./message";

/**
 * The developer mailbox: without EMAIL_SERVER (development and tests only;
 * production refuses to start without one), each mail is written to
 * MAILBOX_DIR as the exact message an SMTP server would get (`.eml`, built by
 * nodemailer) and a small JSON summary that /dev/mailbox lists.
 */

const storedMail = z.object({
  id: z.string(),
  date: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});
export type StoredMail = z.infer<typeof storedMail>;

/** How many mails /dev/mailbox lists, newest first. */
const MAILBOX_LIST_LIMIT = 50;

/** A sortable, unique file name: the time, then randomness. */
function newMailId(now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
}

const mimeBuilder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

/** Writes `message` into `directory` (created when missing). */
export async function writeToMailbox(directory: string, from: string, message: MailMessage): Promise<void> {
  const now = new Date();
  const id = newMailId(now);
  const built = await mimeBuilder.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  await mkdir(directory, { recursive: true });
  const summary: StoredMail = { id, date: now.toISOString(), from, to: message.to, subject: message.subject, text: message.text };
  await writeFile(path.join(directory, `${id}.eml`), built.message);
  await writeFile(path.join(directory, `${id}.json`), JSON.stringify(summary, null, 2));
}

/** The newest mails in `directory` (none when it does not exist yet); unreadable files are skipped. */
export async function readMailbox(directory: string): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const newest = names.filter((name) => name.endsWith(".json")).sort().reverse().slice(0, MAILBOX_LIST_LIMIT);
  const mails = await Promise.all(
    newest.map(async (name) => {
      try {
        return storedMail.parse(JSON.parse(await readFile(path.join(directory, name), "utf8")));
      } catch {
        return null;
      }
    }),
  );
  return mails.filter((mail) => mail !== null);
}
