import { disconnectFromDatabase } from "@/lib/core/db";
import { emailWorkSettled } from "@/lib/email-flows";
import { closePasswordWorkers } from "@/lib/passwords";
import { dropTestDatabase } from "./test-db";

/**
 * After each test file: let mail work the requests started reach the outbox
 * (it writes tokens), stop the bcrypt threads, close the app's connection and
 * drop the file's database.
 */
afterAll(async () => {
  await emailWorkSettled();
  await Promise.all([closePasswordWorkers(), disconnectFromDatabase()]);
  const databaseName = process.env.TEST_DATABASE_NAME;
  if (databaseName) await dropTestDatabase(databaseName);
});
