import "#server-only";

/** One email, ready to send: both bodies are built by lib/mail/templates.ts. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which template made it ("password-reset"), for logs: never the address or a link. */
  kind: string;
}
