import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import Mail from "nodemailer/lib/mailer";
import { deliverMail, mailTemplates, readMailbox, type MailMessage } from "@/lib/mail";
import { isValidEmail, normalizeEmail } from "@/lib/users/shared";
import { TEST_EMAIL_FROM } from "../../helpers/mail";

/**
 * What a mail is: the developer mailbox (no EMAIL_SERVER) that the app's own
 * outbox writes to, the templates' escaping, and the check that keeps a
 * crafted address away from nodemailer.
 */

let mailboxDir = "";

beforeAll(async () => {
  // The app's own sender (deliverMail) writes to this folder: read at the first getEnv(), which nothing called yet.
  mailboxDir = await mkdtemp(path.join(tmpdir(), "keyforge-mailbox-"));
  delete process.env.EMAIL_SERVER;
  process.env.MAILBOX_DIR = mailboxDir;
  process.env.EMAIL_FROM = TEST_EMAIL_FROM;
});

afterAll(() => rm(mailboxDir, { recursive: true, force: true }));

let counter = 0;

/** A verification mail to a new address, with a link of its own. */
function verificationMail(): { message: MailMessage; url: string } {
  counter += 1;
  const url = `http://localhost:3000/auth/verify-email?token=test-token-${counter}`;
  const message = mailTemplates.verifyEmail({ email: `mail${counter}@example.com`, verified: false }, { url, validFor: "24 hours" });
  return { message, url };
}

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
