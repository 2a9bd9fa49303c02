"use strict";

/**
 * Runs inside the worker threads of the pool in `lib/passwords/hashing.ts`, where
 * bcryptjs's synchronous functions may block as long as they like: the server's
 * event loop is on another thread.
 *
 * Plain CommonJS on purpose: Node loads this file as-is in every runtime (jest,
 * tsx, next dev, next start); no bundler or TypeScript transform touches it.
 * Passwords and hashes arrive as task data and are never logged.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS file loaded directly by Node's worker_threads, outside any bundler
const bcrypt = require("bcryptjs");

/**
 * @param {{ password: string, cost: number }} task
 * @returns {string} a bcrypt hash of `password` with a fresh salt
 */
function hashPassword({ password, cost }) {
  return bcrypt.hashSync(password, cost);
}

/**
 * @param {{ password: string, hash: string }} task
 * @returns {boolean} whether `password` matches `hash`; false for a malformed hash
 */
function comparePassword({ password, hash }) {
  try {
    return bcrypt.compareSync(password, hash);
  } catch {
    // bcryptjs throws on an unknown version or an illegal cost: not a match.
    return false;
  }
}

module.exports = { hashPassword, comparePassword };
