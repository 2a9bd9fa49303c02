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
