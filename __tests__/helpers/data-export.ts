import { Types } from "mongoose";
import { sealHistoryText } from "@/lib/generation/history";
import * as exportRoute from "@/pages/api/user/export";
import type { CookieJar } from "./auth";
import { callRoute } from "./http";
import { rawCollection } from "./users";

/** `GET /api/user/export` in `jar`'s browser, read to the end. */
export function downloadExport(jar?: CookieJar) {
  return callRoute<{ error?: { code: string; message: string } }>(exportRoute, { jar });
}

/**
 * Inserts `count` history entries for `userId` straight into the collection,
 * their text sealed as the generation run seals it (so they decrypt as real
 * ones do); `textOf(i)` gives the i-th entry's prompt and answer, or null for
 * a usage record without text. One minute apart from `from`, oldest first.
 */
export async function insertHistory(
  userId: Types.ObjectId,
  count: number,
  textOf: (i: number) => { prompt: string; answer: string } | null,
  from = new Date("2026-01-01T00:00:00Z"),
): Promise<void> {
  const generations = await rawCollection("generations");
  const BATCH = 1_000;
  for (let start = 0; start < count; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => {
      const i = start + offset;
      const _id = new Types.ObjectId();
      const text = textOf(i);
      return {
        _id,
        userId,
        model: "Qwen/Qwen2.5-Coder-32B-Instruct",
        language: "python",
        promptChars: text?.prompt.length ?? 10,
        outputChars: text?.answer.length ?? 20,
        timeToFirstTokenMs: 300,
        durationMs: 2_000,
        outcome: "completed",
        createdAt: new Date(from.getTime() + i * 60_000),
        ...(text
          ? { prompt: sealHistoryText(userId, _id, "prompt", text.prompt), output: sealHistoryText(userId, _id, "output", text.answer) }
          : {}),
      };
    });
    await generations.insertMany(docs);
  }
}
