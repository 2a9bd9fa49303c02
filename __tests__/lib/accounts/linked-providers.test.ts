import { ObjectId } from "mongodb";
import { syncLinkedProviders } from "@/lib/accounts";
import { commandsDuring, describeCommand } from "../../helpers/db-commands";
import { createTestUser, rawCollection, usersCollection } from "../../helpers/users";

/**
 * `linkedProviders`, the user's providers as the admin list shows them, is
 * derived from `accounts`: a sync stores the whole list the links give, so a
 * stale value is repaired by the next one, and syncs racing link changes end
 * with the links as they are.
 */

async function storedProviders(id: ObjectId): Promise<unknown> {
  return (await (await usersCollection()).findOne({ _id: id }))?.linkedProviders;
}

function link(userId: ObjectId, provider: string) {
  return { _id: new ObjectId(), userId, type: "oauth", provider, providerAccountId: `${provider}-${userId.toString()}` };
}

it("repairs a stale list, and changes nothing when the list is right", async () => {
  const user = await createTestUser();
  const accounts = await rawCollection("accounts");
  await accounts.insertMany([link(user._id, "google"), link(user._id, "github")]);
  // As a lost update would leave it.
  await (await usersCollection()).updateOne({ _id: user._id }, { $set: { linkedProviders: ["oidc"] } });

  await syncLinkedProviders(user.id);
  expect(await storedProviders(user._id)).toEqual(["google", "github"]);

  const sent = await commandsDuring(() => syncLinkedProviders(user.id));
  expect(sent.map(describeCommand).sort()).toEqual(["find accounts", "find users"]);
});

it("ends with the links as they are after concurrent changes of links, each followed by its sync", async () => {
  const user = await createTestUser();
  const accounts = await rawCollection("accounts");
  const providers = ["p1", "p2", "p3", "p4", "p5", "p6"];
  const links = providers.map((provider) => link(user._id, provider));
  // Each change followed by its sync, all at once, as concurrent requests would.
  const linkThenSync = async (each: ReturnType<typeof link>) => {
    await accounts.insertOne(each);
    await syncLinkedProviders(user.id);
  };
  await Promise.all(links.map(linkThenSync));
  expect(await storedProviders(user._id)).toEqual(providers);

  const unlinkThenSync = async ({ _id }: ReturnType<typeof link>) => {
    await accounts.deleteOne({ _id });
    await syncLinkedProviders(user.id);
  };
  await Promise.all(links.slice(0, 4).map(unlinkThenSync));
  expect(await storedProviders(user._id)).toEqual(["p5", "p6"]);
});

it("does nothing for a user who is gone, or an id that is none", async () => {
  const gone = new ObjectId();
  await (await rawCollection("accounts")).insertOne(link(gone, "github"));
  await expect(syncLinkedProviders(gone.toString())).resolves.toBeUndefined();
  expect(await (await usersCollection()).countDocuments({ _id: gone })).toBe(0);
  await expect(syncLinkedProviders("not-an-id")).resolves.toBeUndefined();
});
