"use strict";

/**
 * Preloaded into the app server (`NODE_OPTIONS=--require …`) by the benchmark.
 * The app publishes every MongoDB command it sends on the diagnostics channel
 * DB_COMMAND_CHANNEL names ("keyforge:db:command", lib/core/db.ts; the
 * benchmark passes the name in the environment), and turns the driver's command
 * monitoring on only if someone listens before it first connects: this
 * preload is that listener. On SIGUSR2 it writes the commands since the last
 * report (counts by name, and each command as Extended JSON so ObjectIds and
 * Dates survive for `explain`) to DB_COMMAND_REPORT_FILE, then starts over.
 */

const { subscribe } = require("node:diagnostics_channel"); // eslint-disable-line @typescript-eslint/no-require-imports -- preloaded by Node as CommonJS
const { writeFileSync } = require("node:fs"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above
const { isMainThread } = require("node:worker_threads"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above

/** Heartbeats and session housekeeping: not caused by a request, reported apart. */
const HOUSEKEEPING = new Set(["hello", "isMaster", "ismaster", "endSessions"]);

const reportFile = process.env.DB_COMMAND_REPORT_FILE;
const channelName = process.env.DB_COMMAND_CHANNEL;
// Worker threads (the bcrypt pool) load preloads too, but have no connection and get no signals.
if (reportFile && channelName && isMainThread) {
  let counts = {};
  let housekeeping = {};
  let commands = [];
  subscribe(channelName, ({ commandName, databaseName, command }) => {
    if (HOUSEKEEPING.has(commandName)) {
      housekeeping[commandName] = (housekeeping[commandName] ?? 0) + 1;
      return;
    }
    counts[commandName] = (counts[commandName] ?? 0) + 1;
    commands.push({ commandName, databaseName, command });
  });
  process.on("SIGUSR2", () => {
    const report = { pid: process.pid, counts, housekeeping, commands };
    counts = {};
    housekeeping = {};
    commands = [];
    // Loaded on first report only, so the preload does not load the driver before the app does.
    const { BSON } = require("mongodb"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above
    writeFileSync(reportFile, BSON.EJSON.stringify(report, { relaxed: false }));
  });
}
