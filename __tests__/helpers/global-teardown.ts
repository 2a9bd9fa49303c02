import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Stops the database server the global setup started, if it started one, and removes the test files' mailboxes (setup-env.ts). */
export default async function globalTeardown(): Promise<void> {
  rmSync(path.join(tmpdir(), "keyforge-test-mail"), { recursive: true, force: true });
  await globalThis.__testMongoServer?.stop();
}
