/**
 * What a request that sends an email can tell the person. Browser-safe.
 *
 * "sent": the mail server accepted it. "queued": it did not answer in time,
 * or refused for now, and the server keeps trying in the background.
 */
export type MailDelivery = "sent" | "queued";

export interface MailDeliveryResponse {
  delivery: MailDelivery;
  /** What to show: "We sent a link to …" or "We are sending …". */
  message: string;
}

/** The words for a delivery to `address`. */
export function deliveryMessage(delivery: MailDelivery, address: string, what: string): string {
  return delivery === "sent"
    ? `We sent ${what} to ${address}. It may take a minute to arrive; check your spam folder too.`
    : `Our mail server is slow right now, so ${what} to ${address} may take a few minutes. We keep trying in the background.`;
}

/** An outbox document's id: 16 random bytes, base64url (lib/mail/repository.ts newOutboxId). */
export const OUTBOX_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A mail the outbox gave up on after its last retry, as the admin console lists it (no body, no link). */
export interface DeadMail {
  id: string;
  /** Which template made it ("password-reset"). */
  kind: string;
  /** The address, masked ("a•••@example.com"). */
  recipient: string;
  attempts: number;
  /** The last failure's code ("ECONNREFUSED", "550"), never the server's text. */
  lastError: string;
  queuedAt: string;
  diedAt: string;
  /** Whether "Retry" can send it again (a mail made by a job is made again, with a fresh link). */
  retryable: boolean;
}

/** The outbox at a glance, for `/api/health?detail` and the admin console. */
export interface OutboxCounts {
  /** Waiting to be sent (first attempt or a retry). */
  queued: number;
  dead: number;
  /** Age of the oldest waiting mail, or null when none waits. */
  oldestQueuedSeconds: number | null;
}
