import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "./smtp";

/**
 * The app sending through a real SMTP server (helpers/smtp.ts) for one test
 * file, and reading what its mails link to.
 */

/** The sender the app is configured with in these tests. */
export const TEST_EMAIL_FROM = "KeyForge <no-reply@keyforge.test>";

/**
 * A real SMTP server for this test file, started before its tests, with the
 * app sending through it: EMAIL_SERVER is read at the first getEnv(), so
 * nothing may call it before this file's beforeAll hooks ran.
 */
export function smtpServerForThisFile(): { current(): TestSmtpServer } {
  let server: TestSmtpServer | undefined;
  beforeAll(async () => {
    server = await startSmtpServer();
    process.env.EMAIL_SERVER = server.url;
    process.env.EMAIL_FROM = TEST_EMAIL_FROM;
  });
  afterAll(() => server?.stop());
  return {
    current() {
      if (!server) throw new Error("the SMTP server starts in beforeAll; use it inside a test");
      return server;
    },
  };
}

/** The link in `mail` to the page at `pathname` (e.g. "/auth/reset-password"); fails when there is none. */
export function linkTo(mail: ReceivedMail, pathname: string): URL {
  const link = mail.links.map((href) => new URL(href)).find((url) => url.pathname === pathname);
  if (!link) throw new Error(`no link to ${pathname} in "${mail.subject}" (links: ${mail.links.join(", ") || "none"})`);
  return link;
}

/** The `token` of the link in `mail` to `pathname`. */
export function tokenIn(mail: ReceivedMail, pathname: string): string {
  const token = linkTo(mail, pathname).searchParams.get("token");
  if (!token) throw new Error(`the link to ${pathname} in "${mail.subject}" has no token`);
  return token;
}
