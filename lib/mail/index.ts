import "#server-only";

/** Email: one template module, SMTP (EMAIL_SERVER) or the developer mailbox, and a durable outbox in MongoDB that any instance delivers from. */
export { deleteOldOutboxMetadata, listDeadMails, outboxCounts, retryDeadMail, rotateOutboxEncryption } from "./admin";
export { registerMailJob } from "./jobs";
export { readMailbox, type StoredMail } from "./mailbox";
export type { MailMessage } from "./message";
export { createOutbox, type Outbox, type PreparedMailJob } from "./outbox";
export { configuredOutbox, defaultOutbox, deliverMail, forgetDefaultOutbox, prepareMailJob, queueMail, queueMailJob, startOutboxWorker } from "./worker";
export { mailTemplates, type ActivityPlace, type Recipient } from "./templates";
export { smtpSender } from "./transport";
