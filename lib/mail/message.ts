import "#server-only";

/** One email, ready to send: both bodies are built by lib/mail/templates.ts. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which template made it ("password-reset"), for logs: never the address or a link. */
  kind: string;
  /** Its outbox id, set by the outbox when sending: the Message-ID, so a copy sent twice can be told apart (and dropped) downstream. */
  id?: string;
}

/**
 * RFC 5322's specials, whitespace and control or invisible characters: what
 * lets an address parser read a display name, a comment, a group or a second
 * recipient out of one string.
 */
const NOT_IN_A_BARE_ADDRESS = /[\s"(),:;<>[\]\\\p{Cc}\p{Cf}]/u;
/** Longest address SMTP can deliver to (RFC 5321 path limit less the brackets). */
const ADDRESS_MAX_LENGTH = 254;

/**
 * Whether `to` is one bare address (local@domain) and nothing nodemailer
 * could read as more. Every address is validated where it comes in (the
 * users feature's isValidEmail, stricter still); this is the mail layer's
 * own check, since an address can also come from an OAuth provider.
 */
export function isBareAddress(to: string): boolean {
  const at = to.indexOf("@");
  return to.length <= ADDRESS_MAX_LENGTH && at > 0 && at === to.lastIndexOf("@") && at < to.length - 1 && !NOT_IN_A_BARE_ADDRESS.test(to);
}
