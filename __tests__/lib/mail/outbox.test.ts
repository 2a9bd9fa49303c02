/** @jest-environment-options {"env": {"ENCRYPTION_KEYS": "k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=,k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}} */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { getEnv } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/keyed-hash";
import { HttpError } from "@/lib/http";
import {
  createOutbox,
  listDeadMails,
  mailTemplates,
  outboxCounts,
  registerMailJob,
  retryDeadMail,
  rotateOutboxEncryption,
  smtpSender,
  type MailMessage,
  type Outbox,
} from "@/lib/mail";
import { handDrivenTimers, until } from "../../helpers/hand-driven-timers";
import { TEST_EMAIL_FROM } from "../../helpers/mail";
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../helpers/smtp";
import { rawCollection } from "../../helpers/users";

/**
 * The durable outbox against a real SMTP server on 127.0.0.1 and the test
 * database: what it answers the request that sends a mail, what it keeps in
 * the `outbox` collection (sealed), how instances share the work (leases,
 * exactly-once claims), retries on a controlled clock, dead mails, key
 * rotation. The developer mailbox, the templates and the address check are
 * in mail-content.test.ts.
 */

/** The wait for a slow server is hand-driven; the retry delays are read against Date, which the tests move by hand. */
const WAIT_MS = 3_000;
const RETRY_DELAYS_MS = [30_000, 120_000];
const LEASE_MS = 90_000;

let smtp: TestSmtpServer;
let mailboxDir = "";

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Anything the app's own outbox sends goes to this folder, never to .data: read at the first getEnv(), which nothing called yet.
  mailboxDir = await mkdtemp(path.join(tmpdir(), "keyforge-mailbox-"));
  delete process.env.EMAIL_SERVER;
  process.env.MAILBOX_DIR = mailboxDir;
  process.env.EMAIL_FROM = TEST_EMAIL_FROM;
});

afterAll(async () => {
  await smtp.stop();
  await rm(mailboxDir, { recursive: true, force: true });
});

let instances = 0;

function outboxFor(server: TestSmtpServer, limits: { maxQueued?: number; maxQueuedPerRecipient?: number } = {}) {
  const timers = handDrivenTimers();
  instances += 1;
  const outbox = createOutbox({
    send: smtpSender(server.url, TEST_EMAIL_FROM),
    waitMs: WAIT_MS,
    retryDelaysMs: RETRY_DELAYS_MS,
    leaseMs: LEASE_MS,
    maxQueued: limits.maxQueued ?? 100,
    maxQueuedPerRecipient: limits.maxQueuedPerRecipient ?? 100,
    instanceId: `instance-${instances}`,
    schedule: timers.schedule,
  });
  return { outbox, timers };
}

/**
 * An instance whose attempt never ends (its process froze, then died, or is
 * stopping): its first attempt holds the lease, and `deliver` answers
 * "queued" at once (its wait's timer fires immediately).
 */
function frozenOutbox(instanceId: string) {
  return createOutbox({
    send: () => new Promise<void>(() => {}),
    waitMs: WAIT_MS,
    retryDelaysMs: RETRY_DELAYS_MS,
    leaseMs: LEASE_MS,
    maxQueued: 100,
    maxQueuedPerRecipient: 100,
    instanceId,
    schedule: (callback) => {
      callback();
      return () => {};
    },
  });
}

let counter = 0;

/** A verification mail to a new address, with a link of its own. */
function verificationMail(): { message: MailMessage; url: string } {
  counter += 1;
  const url = `http://localhost:3000/auth/verify-email?token=test-token-${counter}`;
  const message = mailTemplates.verifyEmail({ email: `outbox${counter}@example.com`, verified: false }, { url, validFor: "24 hours" });
  return { message, url };
}

async function outboxDocs() {
  return (await rawCollection("outbox")).find({}).toArray();
}

async function docFor(to: string) {
  // The limits' keyed hash of the address: the document holds nothing else that names it.
  const recipientHash = keyedHash("outbox recipient", to.toLowerCase()).toString("base64url");
  const found = (await outboxDocs()).filter((doc) => doc.recipientHash === recipientHash);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function messageIdOf(mail: ReceivedMail): string {
  return /^Message-ID:\s*<([^>]+)>/im.exec(mail.raw)?.[1] ?? "";
}

/** Moves Date (only Date) forward: what the outbox reads to decide what is due. */
function advance(ms: number): void {
  jest.setSystemTime(Date.now() + ms);
}

/** Polls `outbox` once and waits for the attempts it started. */
async function pollAndSettle(...outboxes: Outbox[]): Promise<number> {
  const claimed = await Promise.all(outboxes.map((outbox) => outbox.poll()));
  await Promise.all(outboxes.map((outbox) => outbox.settled()));
  return claimed.reduce((sum, count) => sum + count, 0);
}

// Each test counts what it queued: none left over from the one before. Only Date is faked: the clock moves by hand.
beforeEach(async () => {
  await (await rawCollection("outbox")).deleteMany({});
  smtp.setBehaviour("accept");
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: ["nextTick", "setImmediate", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "clearImmediate", "queueMicrotask", "hrtime", "performance"],
  });
});
afterEach(() => jest.useRealTimers());

describe("the durable outbox with a real SMTP server", () => {
  it("answers \"sent\" once the server accepted the mail, whose Message-ID is its outbox id; the document keeps no body", async () => {
    const { outbox, timers } = outboxFor(smtp);
    const { message, url } = verificationMail();

    expect(await outbox.deliver(message)).toBe("sent");
    expect(timers.pending()).toEqual([]);

    const mail = await smtp.waitForMail(message.to);
    expect(mail.from).toBe(`"KeyForge" <no-reply@keyforge.test>`);
    expect(mail.subject).toBe("Confirm your email for KeyForge");
    expect(mail.text.startsWith("Hi,\n")).toBe(true);
    expect(mail.links).toEqual([url]);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative/im);

    await outbox.settled();
    const doc = await docFor(message.to);
    expect(messageIdOf(mail)).toBe(`${String(doc._id)}@keyforge.test`);
    expect(doc).toMatchObject({ state: "sent", attempts: 1, leaseOwner: null, kind: message.kind });
    expect(doc.body).toBeUndefined();
  });

  it("keeps a refused mail sealed at rest: neither the address, the subject nor the link is in the document", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const { message, url } = verificationMail();

    expect(await outbox.deliver(message)).toBe("queued");
    await outbox.settled();
    const doc = await docFor(message.to);
    const raw = JSON.stringify(doc);
    for (const secret of [message.to, url, "test-token", message.subject, "Confirm"]) expect(raw).not.toContain(secret);
    expect(doc.body).toMatchObject({ keyId: "k2" });
    expect(doc).toMatchObject({ state: "queued", attempts: 1, lastError: "550", leaseOwner: null });
  });

  it("retries a refused mail only once its delay has passed, on the worker's poll, and delivers it once", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const offeredBefore = smtp.offered();
    const { message } = verificationMail();

    expect(await outbox.deliver(message)).toBe("queued");
    await outbox.settled();
    expect(smtp.offered() - offeredBefore).toBe(1);

    smtp.setBehaviour("accept");
    advance(RETRY_DELAYS_MS[0]! - 1_000);
    expect(await pollAndSettle(outbox)).toBe(0);
    advance(1_000);
    expect(await pollAndSettle(outbox)).toBe(1);

    expect(smtp.mailsTo(message.to)).toHaveLength(1);
    expect(smtp.offered() - offeredBefore).toBe(2);
    expect(await docFor(message.to)).toMatchObject({ state: "sent", attempts: 2 });
    expect(await pollAndSettle(outbox)).toBe(0);
  });

  it("answers \"queued\" after waitMs when the server never answers: the request does not hang", async () => {
    const silent = await startSmtpServer("hang");
    try {
      const { outbox, timers } = outboxFor(silent);
      const { message } = verificationMail();

      let answer: string | undefined;
      const delivering = outbox.deliver(message).then((value) => {
        answer = value;
      });
      await until(() => silent.offered() === 1);
      expect(answer).toBeUndefined();
      expect(timers.pending()).toEqual([WAIT_MS]);

      timers.fire();
      await delivering;
      expect(answer).toBe("queued");
    } finally {
      await silent.stop();
    }
  });

  it("backs off after each failure, then marks the mail dead with no body; it is listed, not retryable, and counted", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const offeredBefore = smtp.offered();
    const { message } = verificationMail();

    expect(await outbox.deliver(message)).toBe("queued");
    await outbox.settled();
    for (const delay of RETRY_DELAYS_MS) {
      advance(delay);
      expect(await pollAndSettle(outbox)).toBe(1);
    }
    expect(smtp.offered() - offeredBefore).toBe(1 + RETRY_DELAYS_MS.length);

    const doc = await docFor(message.to);
    expect(doc).toMatchObject({ state: "dead", attempts: 3, lastError: "550", leaseOwner: null });
    expect(doc.body).toBeUndefined();
    expect(doc.job).toBeUndefined();
    advance(3_600_000);
    expect(await pollAndSettle(outbox)).toBe(0);

    const dead = (await listDeadMails()).find((mail) => mail.id === String(doc._id));
    expect(dead).toMatchObject({ kind: message.kind, recipient: doc.recipient, attempts: 3, lastError: "550", retryable: false });
    expect(JSON.stringify(dead)).not.toContain(message.to);
    expect(await retryDeadMail(String(doc._id))).toBe(false);
    expect((await outboxCounts()).dead).toBeGreaterThanOrEqual(1);
  });

  it("hands a mail leased by an instance that died to another once the lease expires, and not before", async () => {
    const stuck = frozenOutbox("frozen");
    const { outbox: other } = outboxFor(smtp);
    const { message } = verificationMail();

    expect(await stuck.deliver(message)).toBe("queued");
    expect(await docFor(message.to)).toMatchObject({ state: "queued", leaseOwner: "frozen" });
    expect(await pollAndSettle(other)).toBe(0);
    advance(LEASE_MS + 1_000);
    expect(await pollAndSettle(other)).toBe(1);

    expect(smtp.mailsTo(message.to)).toHaveLength(1);
    expect(await docFor(message.to)).toMatchObject({ state: "sent", leaseOwner: null });
  });

  it("delivers each due mail exactly once while two instances race to claim them (counted by Message-ID)", async () => {
    smtp.setBehaviour("refuse");
    const first = outboxFor(smtp).outbox;
    const second = outboxFor(smtp).outbox;
    const messages = Array.from({ length: 8 }, () => verificationMail().message);
    for (const message of messages) expect(await first.deliver(message)).toBe("queued");
    await first.settled();

    smtp.setBehaviour("accept");
    advance(RETRY_DELAYS_MS[0]!);
    let claimed = 0;
    for (let round = 0; round < 3; round++) claimed += await pollAndSettle(first, second, first, second);

    expect(claimed).toBe(messages.length);
    const ids = messages.flatMap((message) => smtp.mailsTo(message.to).map(messageIdOf));
    expect(ids).toHaveLength(messages.length);
    expect(new Set(ids).size).toBe(messages.length);
  });

  it("stop() frees this instance's leases so another instance takes its mails at once", async () => {
    const frozen = frozenOutbox("stopping");
    const { outbox: other } = outboxFor(smtp);
    const { message } = verificationMail();
    expect(await frozen.deliver(message)).toBe("queued");

    await frozen.stop();
    expect(await frozen.poll()).toBe(0);
    expect(await pollAndSettle(other)).toBe(1);
    expect(smtp.mailsTo(message.to)).toHaveLength(1);
  });

  it("refuses with 503 MAIL_UNAVAILABLE past OUTBOX_MAX_QUEUED or the per-recipient limit, inserting nothing", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp, { maxQueued: 2, maxQueuedPerRecipient: 1 });
    const same = verificationMail().message;
    expect(await outbox.deliver(same)).toBe("queued");

    const again = outbox.deliver({ ...same });
    await expect(again).rejects.toBeInstanceOf(HttpError);
    await expect(again).rejects.toMatchObject({ status: 503, code: "MAIL_UNAVAILABLE", options: { headers: { "Retry-After": "60" } } });
    expect(await outboxDocs()).toHaveLength(1);

    expect(await outbox.deliver(verificationMail().message)).toBe("queued");
    await expect(outbox.deliver(verificationMail().message)).rejects.toMatchObject({ status: 503, code: "MAIL_UNAVAILABLE" });
    expect(await outboxDocs()).toHaveLength(2);
    await outbox.settled();
  });

  it("re-encrypts queued bodies with the current key (npm run rotate-keys' step), and the mail still goes", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const { message, url } = verificationMail();
    expect(await outbox.deliver(message)).toBe("queued");
    await outbox.settled();
    // Made by the older key, as before a rotation.
    const env = getEnv();
    const keys = env.ENCRYPTION_KEYS;
    env.ENCRYPTION_KEYS = [keys[1]!, keys[0]!];
    try {
      const doc = await docFor(message.to);
      await (await rawCollection("outbox")).deleteOne({ _id: doc._id });
      expect(await outbox.deliver(message)).toBe("queued");
      await outbox.settled();
    } finally {
      env.ENCRYPTION_KEYS = keys;
    }
    expect((await docFor(message.to)).body.keyId).toBe("k1");

    const report = await rotateOutboxEncryption();
    expect(report.reencrypted).toBeGreaterThanOrEqual(1);
    expect(report.unreadable).toBe(0);
    expect((await docFor(message.to)).body.keyId).toBe("k2");
    expect(await rotateOutboxEncryption()).toEqual({ reencrypted: 0, unreadable: 0 });

    smtp.setBehaviour("accept");
    advance(RETRY_DELAYS_MS[0]!);
    await pollAndSettle(outbox);
    expect(smtp.mailsTo(message.to).map((mail) => mail.links)).toEqual([[url]]);
  });

  it("is a step of npm run rotate-keys, which counts what it re-encrypted", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const env = getEnv();
    const keys = env.ENCRYPTION_KEYS;
    env.ENCRYPTION_KEYS = [keys[1]!, keys[0]!];
    const { message } = verificationMail();
    try {
      expect(await outbox.deliver(message)).toBe("queued");
      await outbox.settled();
    } finally {
      env.ENCRYPTION_KEYS = keys;
    }
    expect((await docFor(message.to)).body.keyId).toBe("k1");

    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/rotate-keys.ts"], { env: { ...process.env, NODE_ENV: "development" as const } });
    expect(stdout).toMatch(/Re-encrypted 1 queued mail bod\(y\/ies\) and job input\(s\)/);
    expect((await docFor(message.to)).body.keyId).toBe("k2");
  }, 60_000);
});

describe("a mail made by a job", () => {
  let made = 0;
  const linkJob = registerMailJob("test-link", {
    schema: z.object({ email: z.string() }),
    run: async ({ email }) => {
      made += 1;
      return mailTemplates.verifyEmail({ email, verified: false }, { url: `http://localhost:3000/auth/verify-email?token=fresh-${made}`, validFor: "24 hours" });
    },
  });
  const nothingJob = registerMailJob("test-nothing", { schema: z.object({ email: z.string() }), run: async () => null });

  it("is deleted when the job has nothing to send, and seals its input at rest until then", async () => {
    const { outbox } = outboxFor(smtp);
    const email = "nobody-here@example.com";
    await outbox.queueJob(nothingJob, { email }, email);
    const queued = await docFor(email);
    expect(JSON.stringify(queued)).not.toContain(email);
    expect(queued.job).toMatchObject({ name: "test-nothing", input: { keyId: "k2" } });
    await outbox.settled();
    expect((await outboxDocs()).filter((doc) => String(doc._id) === String(queued._id))).toEqual([]);
  });

  it("is run by another instance once the lease of the process that took it expires (that process died before the job ended)", async () => {
    let runs = 0;
    const dyingJob = registerMailJob("test-dying", {
      schema: z.object({ email: z.string() }),
      run: ({ email }) => {
        runs += 1;
        // The first process never gets past the job (it died); the next one finishes it.
        if (runs === 1) return new Promise<null>(() => {});
        return Promise.resolve(mailTemplates.verifyEmail({ email, verified: false }, { url: "http://localhost:3000/auth/verify-email?token=second-run", validFor: "24 hours" }));
      },
    });
    const { outbox: dying } = outboxFor(smtp);
    const { outbox: other } = outboxFor(smtp);
    const email = "taken-over@example.com";
    await dying.queueJob(dyingJob, { email }, email);
    await until(() => runs === 1);

    expect(await pollAndSettle(other)).toBe(0);
    advance(LEASE_MS + 1_000);
    expect(await pollAndSettle(other)).toBe(1);
    expect(runs).toBe(2);
    expect(smtp.mailsTo(email).map((mail) => mail.links)).toEqual([["http://localhost:3000/auth/verify-email?token=second-run"]]);
  });

  it("keeps its sealed input when it dies, so a retry runs the job again and sends a fresh link", async () => {
    smtp.setBehaviour("refuse");
    const { outbox } = outboxFor(smtp);
    const email = "retry-me@example.com";
    await outbox.queueJob(linkJob, { email }, email);
    await outbox.settled();
    for (const delay of RETRY_DELAYS_MS) {
      advance(delay);
      await pollAndSettle(outbox);
    }
    const dead = await docFor(email);
    expect(dead).toMatchObject({ state: "dead", kind: "verify-email" });
    expect(dead.body).toBeUndefined();
    expect(dead.job).toMatchObject({ name: "test-link" });
    expect((await listDeadMails()).find((mail) => mail.id === String(dead._id))).toMatchObject({ retryable: true });

    smtp.setBehaviour("accept");
    const madeBefore = made;
    expect(await retryDeadMail(String(dead._id))).toBe(true);
    expect(await retryDeadMail(String(dead._id))).toBe(false);
    expect(await pollAndSettle(outbox)).toBe(1);

    const mails = smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(made).toBe(madeBefore + 1);
    expect(mails[0]!.links).toEqual([`http://localhost:3000/auth/verify-email?token=fresh-${made}`]);
    expect(await docFor(email)).toMatchObject({ state: "sent" });
  });
});
