"use strict";

/**
 * One worker thread of the raw bcryptjs measurement (lib/cpu.ts): compares
 * the password against the hash for `seconds`, then reports how many it did
 * and in how long. One such thread per core gives compares/s on all cores.
 */

const { parentPort, workerData } = require("node:worker_threads"); // eslint-disable-line @typescript-eslint/no-require-imports -- a worker_threads file loaded by Node as CommonJS
const bcrypt = require("bcryptjs"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above

const { password, hash, seconds } = workerData;
const started = performance.now();
let compares = 0;
while (performance.now() - started < seconds * 1000) {
  bcrypt.compareSync(password, hash);
  compares += 1;
}
parentPort.postMessage({ compares, ms: performance.now() - started });
