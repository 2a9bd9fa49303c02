/**
 * `npm run rotate-keys`: re-encrypts every stored API key, generation history entry, authenticator app secret and queued mail with the first key
 * of ENCRYPTION_KEYS. Put the new key first ("k2:…,k1:…"), run this, and drop
 * the old key once it reports nothing left on it. Safe to interrupt and re-run.
 */
import { prepareScriptDatabase, runScript } from "./lib/script-database";

runScript("Key rotation", async () => {
  const stopDatabase = await prepareScriptDatabase();
  const { disconnectFromDatabase, liftRequestTimeout } = await import("@/lib/core/db");
  liftRequestTimeout();
  const { rotateApiKeyEncryption } = await import("@/lib/vault");
  const { rotateHistoryEncryption } = await import("@/lib/generation");
  const { rotateTotpEncryption } = await import("@/lib/two-factor");
  const { rotateOutboxEncryption } = await import("@/lib/mail");
  try {
    const report = await rotateApiKeyEncryption();
    console.log(
      `Re-encrypted ${report.reencrypted} value(s) with key ${report.currentKeyId} ` +
        `(${report.usersScanned} user(s) had values on older keys).`,
    );
    const history = await rotateHistoryEncryption();
    console.log(`Re-encrypted ${history.reencrypted} generation history entr(y/ies).`);
    const totp = await rotateTotpEncryption();
    console.log(`Re-encrypted ${totp.reencrypted} authenticator app secret(s).`);
    const outbox = await rotateOutboxEncryption();
    console.log(`Re-encrypted ${outbox.reencrypted} queued mail bod(y/ies) and job input(s).`);
    const unreadable = report.unreadable + history.unreadable + totp.unreadable + outbox.unreadable;
    if (unreadable > 0) {
      console.log(`${unreadable} value(s) could not be decrypted with any configured key and were left as they are.`);
    }
  } finally {
    await disconnectFromDatabase();
    await stopDatabase();
  }
});
