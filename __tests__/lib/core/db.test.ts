import mongoose from "mongoose";
import { connectToDatabase, getDb, getMongoClient } from "@/lib/core/db";

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
