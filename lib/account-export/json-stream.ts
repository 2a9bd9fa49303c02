import "#server-only";
import type { ServerResponse } from "node:http";

/** The client went away (closed the tab, cancelled the download): nothing more to write. */
export class ClientGoneError extends Error {
  constructor() {
    super("The client closed the connection");
    this.name = "ClientGoneError";
  }
}

/**
 * Writes a response in pieces at the pace the client reads it: when the
 * socket's buffer is full (`write` answers false) it waits for 'drain', and it
 * stops with ClientGoneError once the connection closed, so a slow or vanished
 * reader never makes the server hold the rest of the file in memory.
 */
export class PacedWriter {
  constructor(private readonly res: ServerResponse) {}

  async write(chunk: string): Promise<void> {
    if (this.gone()) throw new ClientGoneError();
    if (!this.res.write(chunk)) await this.drained();
  }

  private gone(): boolean {
    return this.res.destroyed || this.res.writableEnded || this.res.socket?.destroyed === true;
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (then: () => void) => () => {
        this.res.off("drain", onDrain);
        this.res.off("close", onClose);
        then();
      };
      const onDrain = settle(resolve);
      const onClose = settle(() => reject(new ClientGoneError()));
      this.res.on("drain", onDrain);
      this.res.on("close", onClose);
    });
  }
}
