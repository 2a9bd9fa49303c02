import { startTestMongoServer, type TestMongoServer } from "./test-db";

declare global {
  var __testMongoServer: TestMongoServer | undefined;
}

/**
 * Runs once before all test files: picks the MongoDB-wire server the tests use,
 * says which, and publishes its URI to the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  globalThis.__testMongoServer = await startTestMongoServer();
  console.log(globalThis.__testMongoServer.summary);
  process.env.TEST_MONGODB_SERVER_URI = globalThis.__testMongoServer.uri;
}
