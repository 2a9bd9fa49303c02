import { disconnectFromDatabase } from "@/lib/db";
import { dropTestDatabase } from "./test-db";

/** After each test file: close the app's connection and drop the file's database. */
afterAll(async () => {
  await disconnectFromDatabase();
  const databaseName = process.env.TEST_DATABASE_NAME;
  if (databaseName) await dropTestDatabase(databaseName);
});
