import "#server-only";
import { randomBytes } from "node:crypto";
import { collections } from "@/lib/core/collections";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/keyed-hash";
import type { EncryptedValue } from "@/models/EncryptedValue";
import type { MailMessage } from "./message";

/**
 * The `outbox` collection: one document per mail (or per job that may make
 * one), so a mail accepted by a request outlives the process that accepted it.
 * What could tell a reader anything (the address, subject, bodies and links,
 * a job's input) is sealed with ENCRYPTION_KEYS, bound to the document's id;
 * beside it only what delivery needs.
 */

export type OutboxState = "queued" | "sent" | "dead";

export interface OutboxDoc {
  /** Random, and the mail's Message-ID (the idempotency key a receiving server can use). */
  _id: string;
  /** The template ("password-reset"), or the job's name until the job made its mail. */
  kind: string;
  /** Keyed hash of the recipient (base64url), for the per-recipient limit; null while a job has none. */
  recipientHash: string | null;
  /** "a•••@example.com", for the admin console. */
  recipient: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  /** Who may attempt it until when; the epoch when nobody holds it. */
  leaseUntil: Date;
  leaseOwner: string | null;
  /** How many times it was claimed from the database: the claim's once-key (`claimOnce`) includes it. */
  claims: number;
  /** The last failure's code, never a server's text. */
  lastError: string | null;
  /** The sealed MailMessage; removed once sent or dead. */
  body?: EncryptedValue;
  /** The sealed job input, with the name of its handler: kept when a job's mail dies, so a retry runs it again. */
  job?: { name: string; input: EncryptedValue };
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
  diedAt?: Date;
}

/** Nobody's lease: a date every due query finds expired. */
export const NO_LEASE = new Date(0);

export async function outboxCollection() {
  return (await getDb()).collection<OutboxDoc>(collections.outbox);
}

export function newOutboxId(): string {
  return randomBytes(16).toString("base64url");
}

/** The per-recipient limit's key: the same address (case-insensitive) always hashes the same. */
export function recipientHashOf(address: string): string {
  return keyedHash("outbox recipient", address.trim().toLowerCase()).toString("base64url");
}

/** "a•••@example.com". */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at > 0 ? `${address[0]}•••${address.slice(at)}` : "•••";
}

function binding(id: string, what: "body" | "job"): string {
  return `outbox:${id}:${what}`;
}

export function sealBody(id: string, message: MailMessage): EncryptedValue {
  const { to, subject, text, html, kind } = message;
  return encryptSecret(JSON.stringify({ to, subject, text, html, kind }), binding(id, "body"), getEnv().ENCRYPTION_KEYS);
}

export function openBody(id: string, body: EncryptedValue): MailMessage {
  // Our own JSON, authenticated by GCM: its shape is the one sealBody wrote.
  return JSON.parse(decryptSecret(body, binding(id, "body"), getEnv().ENCRYPTION_KEYS)) as MailMessage;
}

export function sealJobInput(id: string, input: unknown): EncryptedValue {
  return encryptSecret(JSON.stringify(input), binding(id, "job"), getEnv().ENCRYPTION_KEYS);
}

export function openJobInput(id: string, input: EncryptedValue): unknown {
  return JSON.parse(decryptSecret(input, binding(id, "job"), getEnv().ENCRYPTION_KEYS));
}

/** How many mails wait in all, and for `recipientHash` (the limits' counts; a scan on FerretDB, bounded by the limits themselves). */
export async function queuedCounts(recipientHash: string | null): Promise<{ all: number; recipient: number }> {
  const outbox = await outboxCollection();
  const [all, recipient] = await Promise.all([
    outbox.countDocuments({ state: "queued" }),
    recipientHash ? outbox.countDocuments({ state: "queued", recipientHash }) : 0,
  ]);
  return { all, recipient };
}
