import { forUser } from "@/lib/access";
import { syncLinkedProviders } from "@/lib/accounts";
import { reclaimForVerifiedOwner } from "@/lib/email-flows";
import { reclaimedInWords } from "@/lib/email-flows/shared";
import { updateApiKeys } from "@/lib/users";
import { createTestUser, rawCollection, usersCollection } from "../../helpers/users";

/** What a reclaim removed, as it answers it for the mail and the page that tell the owner. */
const context = { ip: "203.0.113.7", userAgent: "test" };

describe("reclaimForVerifiedOwner", () => {
  it("answers which keys and connected providers and how many history entries it removed", async () => {
    const user = await createTestUser();
    const data = forUser({ id: user.id, role: "user" });
    await updateApiKeys(data, { togetherAI: "tgp_v1_Planted-0123456789abcdefXYZ", kestra: "kestra-token-0123456789" }, { context });
    await (await rawCollection("accounts")).insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: "planted-1" });
    await syncLinkedProviders(user.id);
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.linkedProviders).toEqual(["github"]);

    const removed = await reclaimForVerifiedOwner(user.id, { method: "github", context });

    expect(removed).toEqual({ apiKeys: ["togetherAI", "kestra"], connectedAccounts: ["GitHub"], savedGenerations: 0, profilePicture: false });
    const after = await (await usersCollection()).findOne({ _id: user._id });
    expect(after?.apiKeys).toBeUndefined();
    // What the admin list shows of the account follows the links.
    expect(after?.linkedProviders).toEqual([]);
    expect(await reclaimForVerifiedOwner(user.id, { method: "github", context })).toEqual({ apiKeys: [], connectedAccounts: [], savedGenerations: 0, profilePicture: false });
  });

  it("removes an uploaded picture, and the image that showed it", async () => {
    const user = await createTestUser();
    await (await rawCollection("avatars")).insertOne({ _id: user._id, data: Buffer.from("webp"), hash: "planted1", size: 4, updatedAt: new Date() });
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { image: `/api/avatars/${user.id}?v=planted1` } });

    const removed = await reclaimForVerifiedOwner(user.id, { method: "password", context });

    expect(removed.profilePicture).toBe(true);
    expect(await (await rawCollection("avatars")).countDocuments({ _id: user._id })).toBe(0);
    expect((await (await usersCollection()).findOne({ _id: user._id }))?.image).toBeNull();
    expect(reclaimedInWords(removed)).toMatch(/we removed the uploaded profile picture that whoever created the account had stored\./);
  });
});

describe("reclaimedInWords", () => {
  it.each([
    [{ apiKeys: [], connectedAccounts: [], savedGenerations: 0, profilePicture: false }, null],
    [
      { apiKeys: ["togetherAI"], connectedAccounts: [], savedGenerations: 1, profilePicture: false },
      /^Because this address had never been confirmed, we removed the API key \(Together AI\) and the saved generation that whoever created the account had stored\. /,
    ],
    [
      { apiKeys: ["togetherAI", "oumi"], connectedAccounts: ["GitHub", "Google"], savedGenerations: 3, profilePicture: false },
      /we removed the 2 API keys \(Together AI, Oumi\) and the 3 saved generations that whoever created the account had stored, and disconnected GitHub and Google, which could sign in to it\. /,
    ],
  ] as const)("%j → %s", (removed, words) => {
    const said = reclaimedInWords({ ...removed, apiKeys: [...removed.apiKeys], connectedAccounts: [...removed.connectedAccounts] });
    if (words === null) expect(said).toBeNull();
    else expect(said).toMatch(words);
  });
});
