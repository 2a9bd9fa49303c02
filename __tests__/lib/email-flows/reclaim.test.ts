import { forUser } from "@/lib/access";
import { reclaimForVerifiedOwner } from "@/lib/email-flows";
import { reclaimedInWords } from "@/lib/email-flows/shared";
import { updateApiKeys } from "@/lib/users";
import { createTestUser, rawCollection, usersCollection } from "../../helpers/users";

/** What a reclaim removed, as it answers it for the mail and the page that tell the owner. */
const context = { ip: "203.0.113.7", userAgent: "test" };

describe("reclaimForVerifiedOwner", () => {
  it("answers which keys, how many history entries and how many connected providers it removed", async () => {
    const user = await createTestUser();
    const data = forUser({ id: user.id, role: "user" });
    await updateApiKeys(data, { togetherAI: "tgp_v1_Planted-0123456789abcdefXYZ", kestra: "kestra-token-0123456789" }, { context });
    await (await rawCollection("accounts")).insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: "planted-1" });

    const removed = await reclaimForVerifiedOwner(user.id, { method: "github", context });

    expect(removed).toEqual({ apiKeys: ["togetherAI", "kestra"], generations: 0, connectedAccounts: 1 });
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.apiKeys).toBeUndefined();
    expect(await reclaimForVerifiedOwner(user.id, { method: "github", context })).toEqual({ apiKeys: [], generations: 0, connectedAccounts: 0 });
  });
});

describe("reclaimedInWords", () => {
  it.each([
    [{ apiKeys: [], generations: 0, connectedAccounts: 0 }, []],
    [{ apiKeys: ["togetherAI"], generations: 1, connectedAccounts: 0 }, ["the Together AI API key", "1 saved generation (prompts and answers)"]],
    [
      { apiKeys: ["togetherAI", "oumi"], generations: 3, connectedAccounts: 2 },
      ["the Together AI, Oumi API keys", "3 saved generations (prompts and answers)", "2 connected sign-in providers"],
    ],
  ] as const)("%j → %j", (removed, words) => {
    expect(reclaimedInWords({ ...removed, apiKeys: [...removed.apiKeys] })).toEqual(words);
  });
});
