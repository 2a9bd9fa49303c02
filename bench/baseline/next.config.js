// @ts-check

/**
 * The baseline: a plain next-auth v4 app as its docs set one up, with nothing
 * added (no headers, no proxy), so the benchmark measures what KeyForge adds.
 * Its build goes to bench/baseline/.next; next, next-auth, mongoose and
 * bcryptjs resolve from the repository's node_modules (the same versions).
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {};

module.exports = nextConfig;
