import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import Mail from "nodemailer/lib/mailer";
import { HttpError } from "@/lib/http";
import { createOutbox, deliverMail, mailTemplates, readMailbox, smtpSender, type MailMessage } from "@/lib/mail";
import { isValidEmail, normalizeEmail } from "@/lib/users/shared";
import { handDrivenTimers, until } from "../../helpers/hand-driven-timers";
import { TEST_EMAIL_FROM } from "../../helpers/mail";
import { startSmtpServer, type TestSmtpServer } from "../../helpers/smtp";

/**
 * The outbox against a real SMTP server on 127.0.0.1: what it answers the
 * request that sends a mail, and what the recipient finally gets. Then the
 * developer mailbox (no EMAIL_SERVER), the templates' escaping, and the
 * check that keeps a crafted address away from nodemailer.
 */

/** The outbox's timers here are hand-driven: they fire when a test says, so no test waits these out. */
const WAIT_MS = 3_000;
const RETRY_DELAYS_MS = [30_000, 120_000];

let smtp: TestSmtpServer;
let mailboxDir = "";

beforeAll(async () => {
  smtp = await startSmtpServer();
  // The app's own sender (deliverMail) writes to this folder: read at the first getEnv(), which nothing called yet.
  mailboxDir = await mkdtemp(path.join(tmpdir(), "keyforge-mailbox-"));
  delete process.env.EMAIL_SERVER;
  process.env.MAILBOX_DIR = mailboxDir;
  process.env.EMAIL_FROM = TEST_EMAIL_FROM;
});

afterAll(async () => {
  await smtp.stop();
  await rm(mailboxDir, { recursive: true, force: true });
});

function outboxFor(server: TestSmtpServer, maxQueued = 2) {
  const timers = handDrivenTimers();
  const outbox = createOutbox({
    send: smtpSender(server.url, TEST_EMAIL_FROM),
    waitMs: WAIT_MS,
    retryDelaysMs: RETRY_DELAYS_MS,
    maxQueued,
    schedule: timers.schedule,
  });
  return { outbox, timers };
}

/** Resolves once every queued mail was sent or given up, firing each retry's timer as it comes. */
async function settleFiringRetries({ outbox, timers }: ReturnType<typeof outboxFor>): Promise<void> {
  let settled = false;
  const done = outbox.settled().then(() => {
    settled = true;
  });
  await until(() => {
    timers.fire();
    return settled;
  });
  await done;
}

let counter = 0;

/** A verification mail to a new address, with a link of its own. */
function verificationMail(): { message: MailMessage; url: string } {
  counter += 1;
  const url = `http://localhost:3000/auth/verify-email?token=test-token-${counter}`;
  const message = mailTemplates.verifyEmail({ email: `outbox${counter}@example.com`, verified: false }, { url, validFor: "24 hours" });
  return { message, url };
}

describe("createOutbox with a real SMTP server", () => {
  beforeEach(() => smtp.setBehaviour("accept"));

  it("answers \"sent\" once the server accepted the mail, which arrives with a text and an HTML body, the link in both", async () => {
    const { outbox, timers } = outboxFor(smtp);
    const { message, url } = verificationMail();

    expect(await outbox.deliver(message)).toBe("sent");
    // The wait for a slow server is stopped once the server accepted.
    expect(timers.pending()).toEqual([]);

    const mail = await smtp.waitForMail(message.to);
    expect(mail.from).toBe(`"KeyForge" <no-reply@keyforge.test>`);
    expect(mail.subject).toBe("Confirm your email for KeyForge");
    // An unverified address is greeted without a name.
    expect(mail.text.startsWith("Hi,\n")).toBe(true);
    expect(mail.links).toEqual([url]);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain("Confirm my email");
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative/im);
  });

  it("answers \"queued\" at once when the server refuses, and a retry delivers the mail once it accepts again", async () => {
    smtp.setBehaviour("refuse");
    const { outbox, timers } = outboxFor(smtp);
    const offeredBefore = smtp.offered();
    const { message } = verificationMail();

    // The wait for a slow server never fires here, so "queued" comes from the refusal itself, not from waiting.
    expect(await outbox.deliver(message)).toBe("queued");
    expect(smtp.mailsTo(message.to)).toEqual([]);

    // The retry waits its delay: nothing is offered again before that timer fires.
    await until(() => timers.pending().length > 0);
    expect(timers.pending()).toEqual([RETRY_DELAYS_MS[0]]);
    expect(smtp.offered() - offeredBefore).toBe(1);

    smtp.setBehaviour("accept");
    timers.fire();
    const mail = await smtp.waitForMail(message.to);
    expect(mail.subject).toBe(message.subject);
    await outbox.settled();
    expect(smtp.offered() - offeredBefore).toBe(2);
    expect(smtp.mailsTo(message.to)).toHaveLength(1);
    expect(timers.pending()).toEqual([]);
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
      // The message is offered and never answered: the request waits on one timer, of waitMs.
      await until(() => silent.offered() === 1);
      expect(answer).toBeUndefined();
      expect(timers.pending()).toEqual([WAIT_MS]);

      timers.fire();
      await delivering;
      expect(answer).toBe("queued");
      expect(silent.offered()).toBe(1);
    } finally {
      // The hanging attempt fails when the server goes away; its retries' timers never fire.
      await silent.stop();
    }
  });

  it("gives up after its retries when the server always refuses, each retry after its own delay, and settled() resolves", async () => {
    smtp.setBehaviour("refuse");
    const { outbox, timers } = outboxFor(smtp);
    const offeredBefore = smtp.offered();
    const { message } = verificationMail();

    expect(await outbox.deliver(message)).toBe("queued");
    for (const [index, delay] of RETRY_DELAYS_MS.entries()) {
      await until(() => timers.pending().length > 0);
      expect(timers.pending()).toEqual([delay]);
      expect(smtp.offered() - offeredBefore).toBe(1 + index);
      timers.fire();
    }
    await outbox.settled();

    expect(smtp.offered() - offeredBefore).toBe(1 + RETRY_DELAYS_MS.length);
    expect(timers.pending()).toEqual([]);
    expect(smtp.mailsTo(message.to)).toEqual([]);
  });

  it("refuses with 503 MAIL_UNAVAILABLE while its queue is full, and takes mail again once it drained", async () => {
    smtp.setBehaviour("refuse");
    const sending = outboxFor(smtp, 2);
    const { outbox } = sending;
    expect(await outbox.deliver(verificationMail().message)).toBe("queued");
    expect(await outbox.deliver(verificationMail().message)).toBe("queued");

    const refused = outbox.deliver(verificationMail().message);
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: "MAIL_UNAVAILABLE" });

    await settleFiringRetries(sending);
    smtp.setBehaviour("accept");
    expect(await outbox.deliver(verificationMail().message)).toBe("sent");
  });
});

describe("the developer mailbox (no EMAIL_SERVER)", () => {
  it("writes each mail as .eml and .json into MAILBOX_DIR, and lists them newest first", async () => {
    const first = verificationMail();
    const second = verificationMail();

    expect(await deliverMail(first.message)).toBe("sent");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await deliverMail(second.message)).toBe("sent");

    const names = (await readdir(mailboxDir)).sort();
    expect(names.filter((name) => name.endsWith(".eml"))).toHaveLength(2);
    expect(names.filter((name) => name.endsWith(".json"))).toHaveLength(2);

    const listed = await readMailbox(mailboxDir);
    expect(listed.map((mail) => mail.to)).toEqual([second.message.to, first.message.to]);
    expect(listed[0]).toMatchObject({ from: TEST_EMAIL_FROM, subject: second.message.subject, text: second.message.text });

    // The .eml is the message an SMTP server would have got: both bodies, the link in each.
    const eml = await simpleParser(await readFile(path.join(mailboxDir, `${listed[0]!.id}.eml`)));
    expect(eml.subject).toBe(second.message.subject);
    expect(eml.text).toContain(second.url);
    expect(eml.html).toContain(second.url);
  });

  it("lists nothing for a folder that does not exist yet", async () => {
    expect(await readMailbox(path.join(mailboxDir, "missing"))).toEqual([]);
  });
});

describe("mailTemplates", () => {
  const hostile = `<script>alert("x")</script>`;
  const place = { device: `<img src=x onerror=alert(1)> on Linux`, ip: "203.0.113.9", at: new Date("2026-11-25T18:05:00Z") };
  const link = { url: `http://localhost:3000/auth/verify-email?token=a"><script>`, validFor: "24 hours" };
  // Verified, so the name is in the mail (an unverified address is greeted without it).
  const to = { email: "reader@example.com", name: hostile, verified: true };

  const messages: Array<[string, MailMessage]> = [
    ["verifyEmail", mailTemplates.verifyEmail(to, link)],
    ["passwordReset", mailTemplates.passwordReset(to, link, place)],
    ["passwordResetWithoutPassword", mailTemplates.passwordResetWithoutPassword(to, [hostile], link.url)],
    ["confirmEmailChange", mailTemplates.confirmEmailChange(to, "old@example.com", link)],
    ["emailChangeNotice", mailTemplates.emailChangeNotice(to, "new@example.com", true, link, place)],
    ["newSignIn", mailTemplates.newSignIn(to, hostile, place, link.url)],
    ["passwordChanged", mailTemplates.passwordChanged(to, "reset", place, link.url)],
    ["signInMethodChanged", mailTemplates.signInMethodChanged(to, hostile, "connected", place, link.url)],
    ["apiKeyAdded", mailTemplates.apiKeyAdded(to, hostile, place, link.url)],
    ["accountSecured", mailTemplates.accountSecured(to, true, link)],
  ];

  it.each(messages)("%s escapes every value in the HTML body", (_name, message) => {
    expect(message.html).not.toContain("<script");
    expect(message.html).not.toContain("<img");
    expect(message.html).toContain("&#60;script&#62;");
    // The plain-text body is not HTML: it shows the values as they are.
    expect(message.text).toContain(hostile);
  });
});

describe("an address nodemailer could read as more than one mailbox", () => {
  const crafted: Array<[string, string]> = [
    ["a second recipient after a comma", "victim@example.com,attacker@evil.example"],
    ["a second recipient after a semicolon", "victim@example.com;attacker@evil.example"],
    ["a quoted local part holding another address", `"attacker@evil.example"@example.com`],
    ["a quoted local part holding a comma", `"victim,attacker"@example.com`],
    ["a display name and angle brackets", "Victim <attacker@evil.example>"],
    ["a comment", "victim@example.com(attacker@evil.example)"],
    ["a group", "friends:attacker@evil.example;"],
    ["a domain literal", "victim@[127.0.0.1]"],
    ["a line break with a header after it", "victim@example.com\r\nBcc: attacker@evil.example"],
    ["a space", "victim @example.com"],
    ["a backslash", "victim\\@example.com"],
    ["two @", "victim@evil.example@example.com"],
  ];
  let sendMail: jest.SpiedFunction<typeof Mail.prototype.sendMail>;
  beforeEach(() => {
    sendMail = jest.spyOn(Mail.prototype, "sendMail");
  });
  afterEach(() => sendMail.mockRestore());

  it.each(crafted)("is refused where it comes in (%s)", (_name, address) => {
    expect(isValidEmail(normalizeEmail(address))).toBe(false);
  });

  it.each(crafted)("never reaches nodemailer: the app's outbox refuses it (%s)", async (_name, address) => {
    const listed = (await readMailbox(mailboxDir)).length;
    const message = { ...verificationMail().message, to: address };

    await expect(deliverMail(message)).rejects.toThrow("not one bare mailbox");

    expect(sendMail).not.toHaveBeenCalled();
    expect(await readMailbox(mailboxDir)).toHaveLength(listed);
  });

  it("control: a plain address goes on to nodemailer", async () => {
    const { message } = verificationMail();
    expect(await deliverMail(message)).toBe("sent");
    expect(sendMail).toHaveBeenCalledTimes(1);
    expect(sendMail.mock.calls[0]?.[0]).toMatchObject({ to: message.to });
  });
});
