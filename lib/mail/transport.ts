import "#server-only";
import path from "node:path";
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { getEnv } from "@/lib/core/env";
import { writeToMailbox } from "./mailbox";
import type { MailMessage } from "./message";

/** Hands one message to the mail server; resolves once it accepted it, rejects when it refused or failed. */
export type MailSender = (message: MailMessage) => Promise<void>;

/**
 * Time limits on one SMTP attempt (nodemailer's defaults wait up to 10 minutes
 * on a silent server). A request never waits this long: the outbox answers
 * after a few seconds and lets the attempt finish in the background.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sends through the SMTP server at `url` (smtp:// or smtps://, credentials in the URL). */
export function smtpSender(url: string, from: string): MailSender {
  const transport = nodemailer.createTransport(new SMTPTransport({ url, ...SMTP_TIMEOUTS }));
  const domain = from.slice(from.lastIndexOf("@") + 1).replace(/[^A-Za-z0-9.-]/g, "") || "keyforge.invalid";
  return async ({ to, subject, text, html, id }) => {
    await transport.sendMail({ from, to, subject, text, html, messageId: id ? `<${id}@${domain}>` : undefined });
  };
}

let configured: { key: string; send: MailSender } | undefined;

/** The sender the configuration asks for: EMAIL_SERVER, else the developer mailbox in MAILBOX_DIR. */
export function configuredSender(): MailSender {
  const { EMAIL_SERVER, EMAIL_FROM, MAILBOX_DIR } = getEnv();
  const key = `${EMAIL_SERVER ?? ""} ${EMAIL_FROM} ${MAILBOX_DIR}`;
  if (configured?.key !== key) {
    const directory = path.resolve(MAILBOX_DIR);
    const send: MailSender = EMAIL_SERVER
      ? smtpSender(EMAIL_SERVER, EMAIL_FROM)
      : (message) => writeToMailbox(directory, EMAIL_FROM, message);
    configured = { key, send };
  }
  return configured.send;
}
