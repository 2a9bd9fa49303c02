import { randomBytes } from "node:crypto";
import { dropDatabase, startTestMongoServer } from "../../helpers/test-db";

/**
 * What every instance of one app shares, as servers behind one load balancer
 * do: one database, and the secrets that seal session cookies and vault keys.
 */
export interface AppBackend {
  /** The database server's URI (naming no database): MONGODB_TEST_URI, or a local server started for this app. */
  serverUri: string;
  /** The app's own randomly named database on that server. */
  databaseName: string;
  /** NEXTAUTH_SECRET and ENCRYPTION_KEYS, the same for every instance. */
  secrets: { NEXTAUTH_SECRET: string; ENCRYPTION_KEYS: string };
  /** Drops the database and stops a database server started for it. */
  release(): Promise<void>;
}

/** A fresh database and fresh random secrets for one app (however many instances it runs). */
export async function startAppBackend(): Promise<AppBackend> {
  const database = await startTestMongoServer();
  const databaseName = `e2e_${randomBytes(6).toString("hex")}`;
  return {
    serverUri: database.uri,
    databaseName,
    secrets: {
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    },
    async release() {
      try {
        await dropDatabase(database.uri, databaseName);
      } finally {
        await database.stop();
      }
    },
  };
}
