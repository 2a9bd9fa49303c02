import "#server-only";

/** Email: one template module, SMTP (EMAIL_SERVER) or the developer mailbox, and an outbox that never makes a request wait long. */
export { readMailbox, type StoredMail } from "./mailbox";
export type { MailMessage } from "./message";
export { createOutbox, defaultOutbox, deliverMail, listDeadMails, outboxCounts, retryDeadMail } from "./outbox";
export { mailTemplates, type ActivityPlace, type Recipient } from "./templates";
export { smtpSender } from "./transport";
