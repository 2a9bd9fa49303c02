import { disconnectFromDatabase } from "@/lib/core/db";
import { closePasswordWorkers } from "@/lib/passwords";
import { dropTestDatabase } from "./test-db";

/** After each test file: stop its bcrypt threads, close the app's connection and drop the file's database. */
afterAll(async () => {
  await Promise.all([closePasswordWorkers(), disconnectFromDatabase()]);
  const databaseName = process.env.TEST_DATABASE_NAME;
  if (databaseName) await dropTestDatabase(databaseName);
});
