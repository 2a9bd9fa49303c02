/** @jest-environment-options {"env": {"TOGETHER_MODELS": "stub/coder-large"}} */
import * as userRoute from "@/pages/api/admin/users/[id]";
import type { AdminUserDetail } from "@/lib/admin/shared";
import { signedInUser } from "../../../helpers/auth";
import { generate, saveTogetherKey, waitForGenerationRecords } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { DEFAULT_CHUNKS, togetherStubForThisFile } from "../../../helpers/together-stub";
import { usersCollection } from "../../../helpers/users";

/**
 * A user page's usage totals count what they say, for a user who really
 * generated: the records are the ones `POST /api/generate` writes.
 */

const stub = togetherStubForThisFile();

it("counts a user's generations, the characters sent and received, by outcome", async () => {
  const { jar: adminJar } = await signedInUser({ role: "admin" });
  const { user, jar } = await signedInUser();
  await (await usersCollection()).updateOne({ _id: user._id }, { $set: { emailVerified: new Date() } });
  await saveTogetherKey(jar);

  const prompts = ["Write a function that adds two numbers", "Now one that multiplies them"];
  stub.enqueue({ kind: "stream", chunks: DEFAULT_CHUNKS }, { kind: "status", status: 500 });
  for (const prompt of prompts) await generate(jar, { prompt });
  const records = await waitForGenerationRecords(user._id, 2);
  expect(records.map((record) => record.outcome)).toEqual(["completed", expect.not.stringMatching(/^completed$/)]);

  const res = await callRoute<AdminUserDetail>(userRoute, { jar: adminJar, params: { id: user.id } });
  expect(res.status).toBe(200);
  const sent = prompts.reduce((total, prompt) => total + prompt.length, 0);
  const received = DEFAULT_CHUNKS.join("").length;
  expect(records.reduce((total, record) => total + Number(record.promptChars), 0)).toBe(sent);
  expect(res.body.usage).toEqual({ generations: 2, completed: 1, failed: 1, promptChars: sent, outputChars: received });
});
