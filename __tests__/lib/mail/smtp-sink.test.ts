import net from "node:net";
import { mailTemplates, smtpSender } from "@/lib/mail";
import { until } from "../../helpers/hand-driven-timers";
import { TEST_EMAIL_FROM } from "../../helpers/mail";
import { startSmtpServer } from "../../helpers/smtp";

/**
 * The test SMTP server every browser test's app sends to: an app stopped in
 * the middle of a mail (its connection reset mid-transaction) must not crash
 * the test run, and the server keeps taking mail afterwards.
 */

/** Opens a raw SMTP session, starts a transaction, then resets the connection (RST) as a killed process would. */
async function resetMidTransaction(url: string): Promise<void> {
  const { hostname, port, username, password } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const nextReply = () =>
    new Promise<string>((resolve) => {
      const onData = (chunk: Buffer) => {
        socket.off("data", onData);
        resolve(chunk.toString());
      };
      socket.on("data", onData);
    });
  await nextReply(); // greeting
  socket.write("EHLO client.test\r\n");
  await nextReply();
  const credentials = Buffer.from(`\0${decodeURIComponent(username)}\0${decodeURIComponent(password)}`).toString("base64");
  socket.write(`AUTH PLAIN ${credentials}\r\n`);
  expect(await nextReply()).toMatch(/^235/);
  socket.write("MAIL FROM:<app@example.com>\r\n");
  expect(await nextReply()).toMatch(/^250/);
  socket.resetAndDestroy();
}

test("a connection reset in the middle of a mail leaves the test SMTP server running", async () => {
  const smtp = await startSmtpServer();
  try {
    await resetMidTransaction(smtp.url);
    // The server saw the reset (and survived it) before the next mail is sent.
    await until(() => smtp.clientsReset() === 1);
    expect(smtp.offered()).toBe(0);

    const message = mailTemplates.verifyEmail({ email: "after.reset@example.com", verified: false }, { url: "http://127.0.0.1/x", validFor: "24 hours" });
    await smtpSender(smtp.url, TEST_EMAIL_FROM)(message);
    expect(smtp.received.map((mail) => [mail.to, mail.subject])).toEqual([["after.reset@example.com", message.subject]]);
    expect(smtp.clientsReset()).toBe(1);
  } finally {
    await smtp.stop();
  }
});
