/** @jest-environment-options {"env": {"GENERATE_MAX_PER_MINUTE": "2"}} */
import { generate, userWithTogetherKey } from "../../helpers/generation";
import { togetherStubForThisFile } from "../../helpers/together-stub";
import { rawCollection } from "../../helpers/users";

const stub = togetherStubForThisFile();

it("refuses generations past the minute's limit with 429 and a Retry-After within the minute, without using up the day", async () => {
  const { user, jar } = await userWithTogetherKey();
  expect((await generate(jar, { prompt: "one" })).status).toBe(200);
  expect((await generate(jar, { prompt: "two" })).status).toBe(200);
  const refused = await generate(jar, { prompt: "three" });
  expect(refused.status).toBe(429);
  expect(refused.body.error?.message).toContain("2 generations a minute");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  expect(stub.chatRequests()).toHaveLength(2);
  expect(await (await rawCollection("rateLimits")).countDocuments({ key: `generate:day:${user.id}` })).toBe(2);
});
