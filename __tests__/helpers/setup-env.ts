import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { testServerUri, withDatabaseName } from "./test-db";

/**
 * Runs before each test file: gives the file a database of its own and the
 * configuration the app validates. Values already set (by the environment, or a
 * file's @jest-environment-options) win, except MONGODB_URI, which always points at the file's own database.
 */
const databaseName = `test_${randomBytes(6).toString("hex")}`;
process.env.TEST_DATABASE_NAME = databaseName;
process.env.MONGODB_URI = withDatabaseName(testServerUri(), databaseName);
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.ENCRYPTION_KEYS ??= `k1:${randomBytes(32).toString("base64")}`;
// Generous limits so files that sign in often are not throttled; the limit tests set their own.
process.env.SIGNIN_MAX_PER_IP_PER_MINUTE ??= "1000";
process.env.SIGNUP_MAX_PER_IP_PER_HOUR ??= "1000";
// Tests set up large histories through the app's own client, on machines whose cores every suite shares: a generous
// bound per database call (lib/core/db.ts), so a busy machine is not mistaken for a hung database; the hung-database test sets its own.
process.env.DB_REQUEST_TIMEOUT_MS ??= "30000";
// No test reaches the real Together AI (saving a key checks it): port 9 on loopback refuses, so a key saved where
// no test stub listens is "unreachable" at once. A file's stub (helpers/together-stub.ts) sets its own URL.
process.env.TOGETHER_API_BASE_URL ??= "http://127.0.0.1:9/v1";
// Mails go to a folder of this file's own (the developer mailbox) unless a test starts an SMTP server.
process.env.MAILBOX_DIR ??= path.join(tmpdir(), "keyforge-test-mail", databaseName);
