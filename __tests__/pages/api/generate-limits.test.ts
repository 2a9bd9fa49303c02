/** @jest-environment-options {"env": {"GENERATE_MAX_PER_MINUTE": "5", "GENERATE_MAX_PER_DAY": "3"}} */
import { generate, userWithTogetherKey } from "../../helpers/generation";
import { togetherStubForThisFile } from "../../helpers/together-stub";
import { rawCollection } from "../../helpers/users";

/**
 * The per-user generation limit, stored in MongoDB (an append-only log, so it
 * holds across instances and on FerretDB): here 3 a day (and 5 a minute).
 * The minute limit works the same way with its own window.
 */

const stub = togetherStubForThisFile();

it("refuses generations past the day's limit with 429 and Retry-After, per user, before calling the provider", async () => {
  const { user, jar } = await userWithTogetherKey();
  for (let attempt = 0; attempt < 3; attempt++) expect((await generate(jar, { prompt: "hello" })).status).toBe(200);
  expect(stub.chatRequests()).toHaveLength(3);

  const refused = await generate(jar, { prompt: "hello" });
  expect(refused.status).toBe(429);
  expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("3 generations") });
  const retryAfter = Number(refused.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(23 * 60 * 60);
  expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60);

  const limits = await rawCollection("rateLimits");
  expect(await limits.countDocuments({ key: `generate:day:${user.id}` })).toBe(3);
  // Refused attempts are taken back from the minute too: they use up nothing.
  expect(await limits.countDocuments({ key: `generate:minute:${user.id}` })).toBe(3);

  // Another user has their own allowance.
  const other = await userWithTogetherKey();
  expect((await generate(other.jar, { prompt: "hello" })).status).toBe(200);
});

it("lets no more than the limit through when requests race", async () => {
  const { jar } = await userWithTogetherKey();
  stub.reset();
  const statuses = await Promise.all(Array.from({ length: 8 }, () => generate(jar, { prompt: "race" }).then((response) => response.status)));
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(3);
  expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
  expect(stub.chatRequests().length).toBeLessThanOrEqual(3);
});
