import { randomBytes } from "node:crypto";
import ConnectionString from "mongodb-connection-string-url";
import { MongoClient, type Db } from "mongodb";
import { prepareScriptDatabase } from "../../scripts/lib/script-database";

/**
 * The benchmark's database: on the server scripts use (MONGODB_URI, else the
 * running `npm run dev`'s, else a local one started here), under a name of
 * its own, `keyforge_bench_<random>`, dropped when the run ends.
 */
export interface BenchDatabase {
  uri: string;
  name: string;
  db: Db;
  /** "FerretDB v1.24.2 (MongoDB 7.0.42 wire)" or "MongoDB 8.0.4". */
  description: string;
  /** Drops the database, closes the client and stops a server started here. Safe to call twice. */
  drop(): Promise<void>;
}

export async function openBenchDatabase(root: string): Promise<BenchDatabase> {
  const stopServer = await prepareScriptDatabase(root);
  const configured = process.env.MONGODB_URI;
  if (!configured) throw new Error("no MONGODB_URI after settling the database");
  const name = `keyforge_bench_${randomBytes(5).toString("hex")}`;
  const parsed = new ConnectionString(configured);
  parsed.pathname = `/${name}`;
  const uri = parsed.toString();
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await stopServer();
    throw error;
  }
  const db = client.db(name);
  const info = await db.admin().command({ buildInfo: 1 });
  const description =
    typeof info.ferretdbVersion === "string"
      ? `FerretDB ${info.ferretdbVersion} (MongoDB ${String(info.version)} wire)`
      : `MongoDB ${String(info.version)}`;
  let dropping: Promise<void> | undefined;
  return {
    uri,
    name,
    db,
    description,
    drop() {
      dropping ??= (async () => {
        try {
          await db.dropDatabase();
        } finally {
          await client.close();
          await stopServer();
        }
      })();
      return dropping;
    },
  };
}
