/**
 * Run with tsx by data-export.e2e.test.ts, in the environment of a running
 * app (its MONGODB_URI and ENCRYPTION_KEYS): gives the account with the email
 * given as the first argument as many history entries as the second says,
 * their text sealed as the app seals it ("prompt <i>", "answer <i>").
 */
import { Types } from "mongoose";

async function main(email: string, count: number): Promise<void> {
  const { disconnectFromDatabase, getDb } = await import("@/lib/core/db");
  const { findUserByEmail } = await import("@/lib/users");
  const { sealHistoryText } = await import("@/lib/generation/history");
  try {
    const user = await findUserByEmail(email);
    if (!user) throw new Error(`no account with the email ${email}`);
    const start = Date.now() - count * 60_000;
    const docs = Array.from({ length: count }, (_, i) => {
      const _id = new Types.ObjectId();
      return {
        _id,
        userId: user._id,
        model: "Qwen/Qwen2.5-Coder-32B-Instruct",
        language: "python",
        promptChars: `prompt ${i}`.length,
        outputChars: `answer ${i}`.length,
        timeToFirstTokenMs: 300,
        durationMs: 1_000,
        outcome: "completed",
        createdAt: new Date(start + i * 60_000),
        prompt: sealHistoryText(user._id, _id, "prompt", `prompt ${i}`),
        output: sealHistoryText(user._id, _id, "output", `answer ${i}`),
      };
    });
    await (await getDb()).collection("generations").insertMany(docs);
  } finally {
    await disconnectFromDatabase();
  }
}

main(process.argv[2] ?? "", Number(process.argv[3] ?? 0)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
