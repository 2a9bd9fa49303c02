import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { findFreePort } from "../../../scripts/lib/free-port";
import { startLocalDatabase } from "../../../scripts/lib/local-database";
import { firstHost } from "../../helpers/test-db";

/**
 * The local database's fallback, for real: a MongoDB download that fails at
 * once (a closed port on 127.0.0.1) leads to FerretDB, or, without Go, to the
 * message that lists the ways to get a database. The first FerretDB build can
 * take minutes; after that (and in CI) the binary is cached.
 */

const root = path.resolve(__dirname, "../../..");
const firstBuildTimeoutMs = 10 * 60_000;
const changedVariables = ["MONGOMS_DOWNLOAD_URL", "MONGOMS_DOWNLOAD_DIR", "MONGOMS_MAX_RETRIES", "MONGOMS_SYSTEM_BINARY", "PATH"];
const originalValues = new Map(changedVariables.map((name) => [name, process.env[name]]));
let scratch = "";

beforeEach(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "keyforge-local-database-test-"));
  mkdirSync(path.join(scratch, "downloads"));
  // A version and distribution nobody has cached, so mongodb-memory-server must download, and fails.
  process.env.MONGOMS_DOWNLOAD_URL = `https://127.0.0.1:${await findFreePort()}/mongodb-linux-x86_64-keyforgetest-0.0.1.tgz`;
  process.env.MONGOMS_DOWNLOAD_DIR = path.join(scratch, "downloads");
  process.env.MONGOMS_MAX_RETRIES = "1";
  delete process.env.MONGOMS_SYSTEM_BINARY;
});

afterEach(() => {
  for (const [name, value] of originalValues) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(scratch, { recursive: true, force: true });
});

test(
  "a failed MongoDB download falls back to FerretDB, which answers a ping and is gone after stop()",
  async () => {
    const foldersBefore = ferretTempFolders();
    const database = await startLocalDatabase({ purpose: "test", root });
    try {
      expect(database.summary).toMatch(
        /^Test database: FerretDB v[\d.]+ \(SQLite\) at mongodb:\/\/127\.0\.0\.1:\d+\/, data in a temporary folder — MongoDB's download was unavailable \(.*ECONNREFUSED.*\)$/,
      );
      const client = new MongoClient(database.uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        await expect(client.db("admin").command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
      } finally {
        await client.close();
      }
    } finally {
      await database.stop();
    }
    const { host, port } = firstHost(database.uri);
    await expect(acceptsConnections(host, port)).resolves.toBe(false);
    expect(ferretTempFolders()).toEqual(foldersBefore);
    await expect(database.stop()).resolves.toBeUndefined();
  },
  firstBuildTimeoutMs,
);

test("without the download and without Go, it lists the three ways to get a database and starts nothing", async () => {
  const bin = path.join(scratch, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, "node"));
  process.env.PATH = bin;
  const childrenBefore = childProcesses();
  const foldersBefore = ferretTempFolders();

  const outcome = await startLocalDatabase({ purpose: "test", root }).then(
    async (database) => {
      await database.stop();
      return "started a database";
    },
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );

  expect(outcome).toMatch(/^No database: MongoDB's download was unavailable \(.*\), and Go is not on the PATH/);
  expect(outcome).toMatch(/set MONGODB_URI .* or MONGODB_TEST_URI .* to a MongoDB you run/);
  expect(outcome).toMatch(/let mongodb-memory-server download MongoDB once[^]*set MONGOMS_SYSTEM_BINARY to a mongod/);
  expect(outcome).toMatch(/install Go .* so the FerretDB pinned in tools\/ferretdb can be built once/);
  // Only new ones count: the first test's orphan guard may still be finishing its last second.
  expect(childProcesses().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
  expect(ferretTempFolders()).toEqual(foldersBefore);
}, 60_000);


function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The temporary data folders of test FerretDB servers that exist now. */
function ferretTempFolders(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith("keyforge-ferretdb-")).sort();
}

/** This process's child processes, from /proc (Linux). */
function childProcesses(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (command) state ppid …": the command may contain spaces, so read after its ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}
