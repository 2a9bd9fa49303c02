/** Stops the database server the global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__testMongoServer?.stop();
}
