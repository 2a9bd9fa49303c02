import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server), standing in for
 * the mail provider: the app connects, authenticates and sends exactly as it
 * would in production, and each message that arrives is parsed (mailparser)
 * into what the recipient would read. `behaviour` makes it refuse every
 * message (a 550 answer after the data) or hang (never answer the data).
 */

export type SmtpBehaviour = "accept" | "refuse" | "hang";

/** A mail as its recipient gets it. */
export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the text body, in order. */
  links: string[];
  /** The raw message, as delivered. */
  raw: string;
}

export interface TestSmtpServer {
  /** `smtp://user:pass@127.0.0.1:<port>`: the app's EMAIL_SERVER. */
  url: string;
  /** Every mail accepted so far, oldest first. */
  received: ReceivedMail[];
  /** How many messages were offered (accepted, refused or left hanging). */
  offered(): number;
  /** How many clients vanished mid-transaction (their connection reset): nothing arrived from them, and the server went on. */
  clientsReset(): number;
  setBehaviour(behaviour: SmtpBehaviour): void;
  /** Resolves with the first accepted mail to `to` (case-insensitive) that `matches`, waiting up to `timeoutMs`. */
  waitForMail(to: string, options?: { subject?: RegExp; timeoutMs?: number }): Promise<ReceivedMail>;
  /** Mails accepted for `to`. */
  mailsTo(to: string): ReceivedMail[];
  stop(): Promise<void>;
}

const SMTP_USER = "keyforge";
const SMTP_PASSWORD = "smtp-test-password";

const LINK = /https?:\/\/[^\s<>"')]+/g;

function addressText(value: ParsedMail["to"]): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((entry) => entry.text).join(", ");
}

function toReceived(parsed: ParsedMail, raw: string): ReceivedMail {
  const text = parsed.text ?? "";
  return {
    to: addressText(parsed.to),
    from: addressText(parsed.from),
    subject: parsed.subject ?? "",
    text,
    html: typeof parsed.html === "string" ? parsed.html : "",
    links: text.match(LINK) ?? [],
    raw,
  };
}

async function readAll(stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

export async function startSmtpServer(initial: SmtpBehaviour = "accept"): Promise<TestSmtpServer> {
  let behaviour = initial;
  let offered = 0;
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const hanging = new Set<(error?: Error | null) => void>();
  let stopping = false;
  let clientsReset = 0;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      offered += 1;
      // The behaviour when the message is offered, not when its data has been read: a test may change it meanwhile.
      const answer = behaviour;
      void readAll(stream).then(async (raw) => {
        if (answer === "hang") {
          // A message still being read when stop() released the others is released too, or close() would wait for it.
          if (stopping) return callback(new Error("test server stopping"));
          hanging.add(callback);
          return;
        }
        if (answer === "refuse") {
          const refusal = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
          return callback(refusal);
        }
        received.push(toReceived(await simpleParser(raw), raw));
        callback();
        for (const wake of waiters) wake();
      })
        // The client went away mid-message (an app server stopped while a notice was on its way): nothing arrived.
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  // smtp-server reports a client that vanished mid-transaction (an app server stopped while a mail was on its
  // way: ECONNRESET) as a server 'error', which would crash the test run unheard. Nothing arrived, which is all a
  // test can observe; anything else is printed.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "ECONNRESET" || error.code === "EPIPE") clientsReset += 1;
    else console.error("test SMTP server:", error);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  const mailsTo = (to: string) => received.filter((mail) => mail.to.toLowerCase().includes(to.toLowerCase()));

  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    offered: () => offered,
    clientsReset: () => clientsReset,
    setBehaviour(next) {
      behaviour = next;
    },
    mailsTo,
    waitForMail(to, { subject, timeoutMs = 10_000 } = {}) {
      const find = () => mailsTo(to).find((mail) => !subject || subject.test(mail.subject));
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = find();
          if (!mail) return;
          cleanup();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ""} within ${timeoutMs} ms (received: ${received.map((mail) => `${mail.to}: ${mail.subject}`).join("; ") || "none"})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      stopping = true;
      for (const release of hanging) release(new Error("test server stopping"));
      hanging.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
