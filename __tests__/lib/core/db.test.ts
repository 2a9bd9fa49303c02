import { MongoBulkWriteError, MongoNetworkError, MongoServerError, type BulkWriteResult } from "mongodb";
import mongoose from "mongoose";
import { connectToDatabase, getDb, getMongoClient, isDatabaseUnavailable } from "@/lib/core/db";

describe("the shared database connection", () => {
  it("connects once and hands every caller the same Mongoose instance", async () => {
    const [first, second] = await Promise.all([connectToDatabase(), connectToDatabase()]);
    expect(first).toBe(second);
    expect(first).toBe(mongoose);
  });

  it("gives the adapter the very MongoClient that Mongoose holds", async () => {
    await connectToDatabase();
    expect(await getMongoClient()).toBe(mongoose.connection.getClient());
  });

  it("points both clients at the same database", async () => {
    const db = await getDb();
    await db.collection("probe").insertOne({ marker: "shared" });
    const seenByMongoose = await mongoose.connection.collection("probe").findOne({ marker: "shared" });
    expect(seenByMongoose?.marker).toBe("shared");
    expect(db.databaseName).toBe(process.env.TEST_DATABASE_NAME);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises the driver's errors for a server it cannot reach, also inside a bulk write's error", () => {
    const refused = new MongoNetworkError("connect ECONNREFUSED 127.0.0.1:27017");
    // What insertMany threw in the outage test: the pool's error, wrapped by the bulk write.
    // Its result is not read here; the driver's constructor is internal, hence the empty one.
    const bulk = new MongoBulkWriteError(refused, {} as BulkWriteResult);

    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(bulk)).toBe(true);
  });

  it("leaves a command the server refused, and errors of ours, to the other mappings", () => {
    const duplicate = new MongoServerError({ message: "E11000 duplicate key error", code: 11000 });

    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable("connect ECONNREFUSED")).toBe(false);
  });
});
