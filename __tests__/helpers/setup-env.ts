import { randomBytes } from "node:crypto";
import { testServerUri, withDatabaseName } from "./test-db";

/**
 * Runs before each test file: gives the file a database of its own and the
 * configuration the app validates. Values already set in the environment win,
 * except MONGODB_URI, which always points at the file's own database.
 */
const databaseName = `test_${randomBytes(6).toString("hex")}`;
process.env.TEST_DATABASE_NAME = databaseName;
process.env.MONGODB_URI = withDatabaseName(testServerUri(), databaseName);
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
