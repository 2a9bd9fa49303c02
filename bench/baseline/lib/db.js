import mongoose from "mongoose";

/**
 * One Mongoose connection per process, cached on globalThis (Vercel's
 * with-mongodb-mongoose example): concurrent first requests share the promise.
 */
const cache = (globalThis.baselineMongoose ??= { conn: null, promise: null });

export async function connectToDatabase() {
  if (cache.conn) return cache.conn;
  cache.promise ??= mongoose.connect(process.env.MONGODB_URI, { bufferCommands: false }).catch((error) => {
    cache.promise = null;
    throw error;
  });
  cache.conn = await cache.promise;
  return cache.conn;
}
