import { Types } from "mongoose";
import { commandsDuring, describeCommand } from "../../helpers/db-commands";
import { forUser } from "@/lib/access";
import type { Actor } from "@/lib/access/shared";
import { connectToDatabase } from "@/lib/core/db";
import { HttpError } from "@/lib/http";
import { findOwnUser } from "@/lib/users";
import { UserModel } from "@/models/User";

/**
 * The data door sends the reads of one user made in the same tick (a page's
 * parallel reads, each a feature's own) as one query, and gives each read only
 * the fields it asked for, under the policy of who asks: no read gets a field
 * another asked for, an admin viewing as the user still never gets a hash,
 * and no read is answered from before it was made.
 */

const HASH = `$2b$10$${"a".repeat(53)}`;
const SEALED = { keyId: "k1", iv: "aXY=", tag: "dGFn", data: "Y2lwaGVy", updatedAt: new Date() };

const alice = new Types.ObjectId();
const bob = new Types.ObjectId();
const carol = new Types.ObjectId();
const ALICE: Actor = { id: alice.toString(), role: "user" };
const VIEWING_AS_ALICE: Actor = { id: alice.toString(), role: "user", impersonatedBy: carol.toString() };

beforeAll(() => connectToDatabase());
beforeEach(async () => {
  await UserModel.deleteMany({});
  await UserModel.create([
    { _id: alice, name: "Alice", email: "alice@example.com", emailVerified: new Date(0), passwordHash: HASH, apiKeys: { togetherAI: SEALED } },
    { _id: bob, name: "Bob", email: "bob@example.com", passwordHash: HASH },
    { _id: carol, name: "Carol", email: "carol@example.com", role: "admin", passwordHash: HASH },
  ]);
});

/** The commands `work` sent, as `find users`, their limits, and what it returned. */
async function sentBy<T>(work: () => Promise<T>): Promise<{ commands: string[]; limits: unknown[]; result: T }> {
  let result: T | undefined;
  const sent = await commandsDuring(async () => void (result = await work()));
  return { commands: sent.map(describeCommand), limits: sent.map((command) => command.limit), result: result as T };
}

describe("reads of one user in the same tick", () => {
  it("go out as one command, and each gets only its own fields", async () => {
    const data = forUser(ALICE);

    const { commands, limits, result } = await sentBy(() =>
      Promise.all([
        // The id as an ObjectId here, as a string in the others: the same document.
        data.users.findOne({ _id: alice }, { select: ["emailVerified"] }),
        data.users.reveal({ _id: alice.toString() }, ["apiKeys"]),
        findOwnUser(data),
      ]),
    );

    expect(commands).toEqual(["find users"]);
    // An `_id` matches one document: limited to it, FerretDB (which scans even for an `_id`) stops there.
    expect(limits).toEqual([1]);
    const [verified, [vault], own] = result;
    expect(verified).toEqual({ _id: alice, emailVerified: new Date(0) });
    expect(vault?.apiKeys?.togetherAI?.data).toBe(SEALED.data);
    expect(vault).toMatchObject({ name: "Alice", email: "alice@example.com" });
    expect(vault).not.toHaveProperty("passwordHash");
    expect(own).toMatchObject({ name: "Alice", hasPassword: true });
    expect(own).not.toHaveProperty("passwordHash");
    expect(own).not.toHaveProperty("apiKeys");
  });

  it("each keep their own copy: a reader that changes its answer changes no other's", async () => {
    const data = forUser(ALICE);

    const [first, second] = await Promise.all([data.users.findOne({ _id: alice }), data.users.findOne({ _id: alice }, { select: ["preferences", "emailVerified"] })]);
    if (!first?.preferences || !second?.preferences || !first.emailVerified) throw new Error("Alice was not read");
    first.preferences.keepGenerationHistory = false;
    first.emailVerified.setTime(1);

    expect(second.preferences.keepGenerationHistory).toBe(true);
    expect(second.emailVerified).toEqual(new Date(0));
  });

  it("viewing as the user: the hash is still refused, to that read only, and in no other answer", async () => {
    const data = forUser(VIEWING_AS_ALICE);

    const { commands, result } = await sentBy(() =>
      Promise.allSettled([
        data.users.findOne({ _id: alice.toString() }),
        data.users.reveal({ _id: alice.toString() }, ["apiKeys"]),
        data.users.reveal({ _id: alice.toString() }, ["passwordHash"]),
        findOwnUser(data),
      ]),
    );

    expect(commands).toEqual(["find users"]);
    const [found, vault, hash, own] = result;
    expect(hash.status === "rejected" && hash.reason instanceof HttpError && hash.reason.status).toBe(403);
    expect(found).toMatchObject({ status: "fulfilled", value: { name: "Alice" } });
    expect(vault).toMatchObject({ status: "fulfilled", value: [{ apiKeys: { togetherAI: { data: SEALED.data } } }] });
    expect(own).toMatchObject({ status: "fulfilled", value: { hasPassword: true } });
    expect(JSON.stringify(result)).not.toContain(HASH);
  });

  it("of different documents, or after an await, are not joined: a read after a write sees the write", async () => {
    const data = forUser({ id: carol.toString(), role: "admin" });

    const both = await sentBy(() => Promise.all([data.users.findOne({ _id: alice }), data.users.findOne({ _id: bob })]));
    expect(both.commands).toEqual(["find users", "find users"]);
    expect(both.result.map((user) => user?.name)).toEqual(["Alice", "Bob"]);

    // A read still in flight when the write was made does not answer a read made after it.
    const early = data.users.findOne({ _id: alice }, { select: ["name"] });
    await data.users.updateOne({ _id: alice }, { $set: { name: "Alice Renamed" } });
    const late = await data.users.findOne({ _id: alice }, { select: ["name"] });
    await early;
    expect(late?.name).toBe("Alice Renamed");
  });

  it("by two people's doors are never joined, even for the same document", async () => {
    const { commands, result } = await sentBy(() =>
      Promise.all([forUser(ALICE).users.findOne({ _id: alice }), forUser({ id: bob.toString(), role: "user" }).users.findOne({ _id: alice })]),
    );

    expect(commands).toEqual(["find users", "find users"]);
    expect(result.map((user) => user?.name ?? null)).toEqual(["Alice", null]);
  });
});
