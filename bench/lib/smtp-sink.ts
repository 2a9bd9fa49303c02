import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SMTPServer } from "smtp-server";

/**
 * An SMTP server that accepts and discards every mail: production needs an
 * EMAIL_SERVER, and a sign-in from a new browser sends its owner a notice.
 */
export async function startSmtpSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  // A server stopped mid-mail resets the connection; nothing to report.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo; // listening on TCP, so an AddressInfo
  return {
    url: `smtp://bench:bench@127.0.0.1:${port}`,
    // close() waits for open connections; a lingering one must not hold up the cleanup.
    stop: () => Promise.race([new Promise<void>((resolve) => server.close(() => resolve())), sleep(2_000, undefined, { ref: false })]),
  };
}
