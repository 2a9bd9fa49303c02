import type { MongoMemoryServer } from "mongodb-memory-server";

declare global {
  var __testMongoServer: MongoMemoryServer | undefined;
}

/**
 * Runs once before all test files: picks the MongoDB-wire server the tests use
 * and publishes its URI to the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const external = process.env.MONGODB_TEST_URI;
  if (external) {
    process.env.TEST_MONGODB_SERVER_URI = external;
    return;
  }
  const { MongoMemoryServer } = await import("mongodb-memory-server");
  try {
    globalThis.__testMongoServer = await MongoMemoryServer.create();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `Could not start mongodb-memory-server (${reason}). ` +
        "Set MONGODB_TEST_URI to a MongoDB-wire server you run, e.g. MONGODB_TEST_URI=mongodb://127.0.0.1:27017/",
    );
  }
  process.env.TEST_MONGODB_SERVER_URI = globalThis.__testMongoServer.getUri();
}
