import { Types, type PipelineStage } from "mongoose";
import { forUser, POLICIES } from "@/lib/access";
import type { Actor } from "@/lib/access/shared";
import { connectToDatabase } from "@/lib/core/db";
import { HttpError } from "@/lib/http";
import { AccountModel } from "@/models/Account";
import { AuthEventModel } from "@/models/AuthEvent";
import { AvatarModel } from "@/models/Avatar";
import { ConversationModel } from "@/models/Conversation";
import { DeviceSessionModel } from "@/models/DeviceSession";
import { GenerationModel } from "@/models/Generation";
import { UserModel } from "@/models/User";
import { VerificationTokenModel } from "@/models/VerificationToken";

/**
 * The policies as a table: for each actor × action × field of each model,
 * what the product promises (written out here, independently of the CASL
 * rules), checked against the real database through the data door. The
 * fields come from each model's schema, so a field added later is covered
 * (and denied to everyone, an admin included, until the table says otherwise).
 */

const HASH = `$2b$10$${"a".repeat(53)}`;
const ENCRYPTED = { keyId: "k1", iv: "aXY=", tag: "dGFn", data: "Y2lwaGVy" };

const alice = new Types.ObjectId();
const bob = new Types.ObjectId();
const carol = new Types.ObjectId();

type ActorName = "anonymous" | "the user" | "another user" | "an admin" | "an admin viewing as the user";
const ACTORS: Record<ActorName, Actor> = {
  anonymous: null,
  "the user": { id: alice.toString(), role: "user" },
  "another user": { id: bob.toString(), role: "user" },
  "an admin": { id: carol.toString(), role: "admin" },
  "an admin viewing as the user": { id: alice.toString(), role: "user", impersonatedBy: carol.toString() },
};
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];
const is = (...names: ActorName[]) => (actor: ActorName) => names.includes(actor);

/** Top-level fields of a model, from its schema (what a write could touch). */
function schemaFields(model: { schema: { paths: Record<string, unknown> } }): string[] {
  return [...new Set(Object.keys(model.schema.paths).map((path) => path.split(".", 1)[0] ?? path))].filter((field) => field !== "_id");
}

/** Alice's records (and Bob's, so "own only" is visible), fresh for each case. */
async function seed() {
  await Promise.all([
    UserModel.deleteMany({}),
    DeviceSessionModel.deleteMany({}),
    GenerationModel.deleteMany({}),
    AuthEventModel.deleteMany({}),
    AccountModel.deleteMany({}),
    VerificationTokenModel.deleteMany({}),
    AvatarModel.deleteMany({}),
  ]);
  await UserModel.create([
    { _id: alice, name: "Alice", email: "alice@example.com", passwordHash: HASH, apiKeys: { togetherAI: { ...ENCRYPTED, updatedAt: new Date() } } },
    { _id: bob, name: "Bob", email: "bob@example.com", passwordHash: HASH },
    { _id: carol, name: "Carol", email: "carol@example.com", role: "admin", passwordHash: HASH },
  ]);
  const expires = new Date(Date.now() + 3_600_000);
  await DeviceSessionModel.create([
    { _id: DEVICE, sessionToken: "t-device", userId: alice, expires },
    { _id: VIEW_AS, sessionToken: "t-view-as", userId: alice, expires, impersonatedBy: carol },
  ]);
  await GenerationModel.create({
    _id: GENERATION,
    userId: alice,
    model: "m",
    promptChars: 1,
    outputChars: 1,
    durationMs: 1,
    outcome: "completed",
    createdAt: new Date(),
    prompt: ENCRYPTED,
    output: ENCRYPTED,
  });
  await AuthEventModel.create({ _id: EVENT, userId: alice, type: "signin.succeeded", at: new Date(), emailHash: "h" });
  await AccountModel.create({ _id: ACCOUNT, userId: alice, type: "oauth", provider: "github", providerAccountId: "1" });
  await VerificationTokenModel.create({ _id: LINK, ...LINK_FIELDS });
  await AvatarModel.create({ _id: alice, ...AVATAR_FIELDS });
}
const AVATAR_FIELDS = { data: Buffer.from("webp"), hash: "0123456789abcdef", size: 1, updatedAt: new Date() };
const LINK_FIELDS = {
  identifier: "change-email:alice",
  token: "hash-of-the-secret",
  expires: new Date(Date.now() + 3_600_000),
  purpose: "change-email",
  userId: alice,
  email: "alice@example.com",
  newEmail: "alice@new.example",
} as const;
const DEVICE = new Types.ObjectId();
const VIEW_AS = new Types.ObjectId();
const GENERATION = new Types.ObjectId();
const EVENT = new Types.ObjectId();
const ACCOUNT = new Types.ObjectId();
const LINK = new Types.ObjectId();

/** A valid new value for each field a test writes. */
const NEW_VALUES: Record<string, unknown> = {
  name: "Changed",
  email: "changed@example.com",
  emailVerified: new Date(),
  image: "https://example.com/new.png",
  passwordHash: `$2b$10$${"b".repeat(53)}`,
  role: "admin",
  sessionVersion: 7,
  linkedProviders: ["github", "google"],
  disabledAt: new Date(),
  disabledReason: "spam",
  apiKeys: {},
  preferences: { keepGenerationHistory: false },
  pendingPrompt: { ...ENCRYPTED, expiresAt: new Date() },
  createdAt: new Date(0),
  updatedAt: new Date(0),
  prompt: { ...ENCRYPTED, iv: "bmV3" },
  output: { ...ENCRYPTED, iv: "bmV3" },
};

/** What each write does when denied: "not found" (null / false) or 403 FORBIDDEN. */
async function outcome(write: () => Promise<unknown>): Promise<"done" | "not found" | "forbidden"> {
  try {
    const result = await write();
    const nothing = result === null || result === false || result === 0 || (Array.isArray(result) && result.length === 0);
    return nothing ? "not found" : "done";
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) return "forbidden";
    throw error;
  }
}

beforeAll(() => connectToDatabase());
beforeEach(seed);

describe("User policy", () => {
  const userFields = schemaFields(UserModel);
  const selfWritable = ["name", "image", "preferences", "passwordHash", "sessionVersion", "apiKeys", "pendingPrompt"];
  // What the admin console changes: never a secret, the email, or what signs people out (sessionVersion).
  const adminWritable = ["role", "disabledAt", "disabledReason", "name", "image"];
  const canRead = is("the user", "an admin", "an admin viewing as the user");

  it.each(ACTOR_NAMES)("read by %s: only their own (an admin: anyone's), never the hash or the vault", async (actor) => {
    const found = await forUser(ACTORS[actor]).users.findOne({ _id: alice });
    expect(Boolean(found)).toBe(canRead(actor));
    const everyone = await forUser(ACTORS[actor]).users.find({});
    for (const user of everyone) {
      expect(user).not.toHaveProperty("passwordHash");
      expect(user).not.toHaveProperty("apiKeys");
      expect(user).not.toHaveProperty("pendingPrompt");
    }
    const expectedCount = { anonymous: 0, "the user": 1, "another user": 1, "an admin": 3, "an admin viewing as the user": 1 }[actor];
    expect(everyone).toHaveLength(expectedCount);
  });

  const updateCases = ACTOR_NAMES.flatMap((actor) => userFields.map((field) => [actor, field] as const));
  it.each(updateCases)("update by %s of the user's %s", async (actor, field) => {
    const allowed = (actor === "an admin" && adminWritable.includes(field)) || (actor === "the user" && selfWritable.includes(field));
    const before = await UserModel.findById(alice).select("+passwordHash +apiKeys +pendingPrompt").lean();
    const result = await outcome(() => forUser(ACTORS[actor]).users.updateOne({ _id: alice }, { $set: { [field]: NEW_VALUES[field] } }));
    const after = await UserModel.findById(alice).select("+passwordHash +apiKeys +pendingPrompt").lean();
    if (allowed) {
      expect(result).toBe("done");
      expect(after).not.toEqual(before);
    } else {
      expect(result).toBe(canRead(actor) ? "forbidden" : "not found");
      expect(after).toEqual(before);
    }
  });

  it("lets an admin read each user's linked providers (the list's field), which only lib/accounts writes", async () => {
    await UserModel.updateOne({ _id: alice }, { $set: { linkedProviders: ["github"] } });
    expect(await forUser(ACTORS["an admin"]).users.findOne({ _id: alice }, { select: ["linkedProviders"] })).toEqual({ _id: alice, linkedProviders: ["github"] });
    // Nobody writes it through the door: the update cases above include it (userFields), refused for everyone.
    expect(userFields).toContain("linkedProviders");
    expect([...selfWritable, ...adminWritable]).not.toContain("linkedProviders");
  });

  it("never returns an omitted field, even one asked for by name or with Mongoose's force-select", async () => {
    const found = await forUser(ACTORS["the user"]).users.findOne({ _id: alice }, { select: ["name", "passwordHash", "+apiKeys"] });
    expect(found).toEqual({ _id: alice, name: "Alice" });
  });

  it.each(ACTOR_NAMES)("create by %s: open to sign-up, but only an admin sets a role", async (actor) => {
    const door = forUser(ACTORS[actor]);
    const signUp = await outcome(() => door.users.create({ name: "New", email: "new@example.com", passwordHash: HASH }));
    expect(signUp).toBe("done");
    const withRole = await outcome(() => door.users.create({ name: "Boss", email: "boss@example.com", passwordHash: HASH, role: "admin" }));
    expect(withRole).toBe(actor === "an admin" ? "done" : "forbidden");
    expect(await UserModel.exists({ email: "boss@example.com" })).toEqual(actor === "an admin" ? expect.anything() : null);
  });

  it.each(ACTOR_NAMES)("delete by %s", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).users.deleteOne({ _id: alice }));
    expect(result).toBe(actor === "an admin" ? "done" : canRead(actor) ? "forbidden" : "not found");
    expect(await UserModel.exists({ _id: alice })).toEqual(actor === "an admin" ? null : expect.anything());
  });

  const revealCases = ACTOR_NAMES.flatMap((actor) => (["passwordHash", "apiKeys", "pendingPrompt"] as const).map((field) => [actor, field] as const));
  it.each(revealCases)("reveal by %s of the user's %s (server-side only)", async (actor, field) => {
    const allowed = actor === "the user" || (actor === "an admin viewing as the user" && field === "apiKeys");
    const result = await outcome(() => forUser(ACTORS[actor]).users.reveal({ _id: alice }, [field]));
    expect(result).toBe(allowed ? "done" : canRead(actor) ? "forbidden" : "not found");
  });

  it.each(ACTOR_NAMES)("use of the user's API keys by %s (sent to the provider)", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).users.reveal({ _id: alice }, ["apiKeys"], { action: "use" }));
    const expected = actor === "the user" ? "done" : canRead(actor) ? "forbidden" : "not found";
    expect(result).toBe(expected);
  });
});

describe("DeviceSession policy", () => {
  const canReadDevice = is("the user", "an admin", "an admin viewing as the user");

  it.each(ACTOR_NAMES)("read by %s: the user's devices, never the view-as session (an admin sees both), never the token", async (actor) => {
    const found = await forUser(ACTORS[actor]).deviceSessions.find({ userId: alice });
    const ids = found.map((device) => device._id.toString()).sort();
    const expected = actor === "an admin" ? [DEVICE, VIEW_AS] : canReadDevice(actor) ? [DEVICE] : [];
    expect(ids).toEqual(expected.map(String).sort());
    for (const device of found) expect(device).not.toHaveProperty("sessionToken");
  });

  it.each(ACTOR_NAMES)("delete (sign out) of the user's device by %s", async (actor) => {
    const allowed = is("the user", "an admin")(actor);
    const result = await outcome(() => forUser(ACTORS[actor]).deviceSessions.deleteOne({ _id: DEVICE }));
    expect(result).toBe(allowed ? "done" : canReadDevice(actor) ? "forbidden" : "not found");
    expect(Boolean(await DeviceSessionModel.exists({ _id: DEVICE }))).toBe(!allowed);
  });

  it.each(ACTOR_NAMES)("the view-as session cannot be ended or seen by %s unless an admin", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).deviceSessions.deleteOne({ _id: VIEW_AS }));
    expect(result).toBe(actor === "an admin" ? "done" : "not found");
  });

  it.each(ACTOR_NAMES)("create (open a view-as session) by %s", async (actor) => {
    const doc = { sessionToken: "t-new", userId: alice, expires: new Date(Date.now() + 60_000), impersonatedBy: carol };
    expect(await outcome(() => forUser(ACTORS[actor]).deviceSessions.create(doc))).toBe(actor === "an admin" ? "done" : "forbidden");
  });
});

describe("Generation policy (usage and history)", () => {
  const canRead = is("the user", "an admin", "an admin viewing as the user");

  it.each(ACTOR_NAMES)("read by %s: own records (an admin: everyone's usage), never the encrypted text", async (actor) => {
    const found = await forUser(ACTORS[actor]).generations.find({});
    expect(found).toHaveLength(canRead(actor) ? 1 : 0);
    for (const record of found) {
      expect(record).not.toHaveProperty("prompt");
      expect(record).not.toHaveProperty("output");
    }
  });

  it.each(ACTOR_NAMES)("aggregations by %s see only what reads see", async (actor) => {
    const rows = await forUser(ACTORS[actor]).generations.aggregate<{ n: number }>([
      { $match: {} },
      { $group: { _id: null, n: { $sum: 1 } } },
    ]);
    expect(rows[0]?.n ?? 0).toBe(canRead(actor) ? 1 : 0);
  });

  it("refuses an aggregation stage that would read another collection past its policy", async () => {
    const lookup = { $lookup: { from: "users", localField: "userId", foreignField: "_id", as: "owner" } };
    await expect(forUser(ACTORS["the user"]).generations.aggregate([{ $match: {} }, lookup])).rejects.toThrow(/another collection/);
  });

  const users = { from: "users", localField: "userId", foreignField: "_id", as: "owner" };
  // Mongoose's types already keep $out and $merge out of a $facet (hence the casts); an untyped caller could still send them.
  const nested: [string, PipelineStage][] = [
    ["$lookup inside $facet", { $facet: { owners: [{ $lookup: users }] } }],
    ["$unionWith inside $facet", { $facet: { all: [{ $unionWith: { coll: "users" } }] } }],
    ["$graphLookup inside $facet", { $facet: { graph: [{ $graphLookup: { ...users, startWith: "$userId", connectFromField: "_id", connectToField: "_id" } }] } }],
    ["$lookup in a $lookup's pipeline", { $lookup: { from: "generations", pipeline: [{ $lookup: users }], as: "x" } }],
    ["$lookup in $unionWith's pipeline", { $unionWith: { coll: "generations", pipeline: [{ $lookup: users }] } }],
    ["$out inside $facet", { $facet: { copy: [{ $out: "stolen" }] } } as unknown as PipelineStage],
    ["$merge inside $facet", { $facet: { copy: [{ $merge: { into: "stolen" } }] } } as unknown as PipelineStage],
  ];
  it.each(nested)("refuses %s: a stage reaching another collection is refused at any depth", async (_, stage) => {
    await expect(forUser(ACTORS["the user"]).generations.aggregate([{ $match: {} }, stage])).rejects.toThrow(/another collection/);
  });

  it.each(ACTOR_NAMES)("reveal of the history text by %s: the owner only, never an admin, even viewing as them", async (actor) => {
    const door = forUser(ACTORS[actor]);
    const result = await outcome(() => door.generations.reveal({ _id: GENERATION }, ["prompt", "output"]));
    expect(result).toBe(actor === "the user" ? "done" : canRead(actor) ? "forbidden" : "not found");
    // Refused even where the filter matches nothing: an empty history would not be the truth either.
    const none = await outcome(() => door.generations.reveal({ _id: new Types.ObjectId() }, ["prompt"]));
    expect(none).toBe(actor === "an admin viewing as the user" ? "forbidden" : "not found");
  });

  const fields = schemaFields(GenerationModel);
  const updateCases = ACTOR_NAMES.flatMap((actor) => fields.map((field) => [actor, field] as const));
  it.each(updateCases)("update by %s of %s", async (actor, field) => {
    const allowed = actor === "the user" && (field === "prompt" || field === "output");
    const result = await outcome(() => forUser(ACTORS[actor]).generations.updateOne({ _id: GENERATION }, { $unset: { [field]: "" } }));
    expect(result).toBe(allowed ? "done" : canRead(actor) ? "forbidden" : "not found");
  });
});

describe("Conversation policy", () => {
  const CONVERSATION = new Types.ObjectId();
  const canRead = is("the user", "an admin viewing as the user");
  beforeEach(async () => {
    await ConversationModel.deleteMany({});
    await ConversationModel.create({ _id: CONVERSATION, userId: alice, title: ENCRYPTED, createdAt: new Date(), updatedAt: new Date() });
  });

  it.each(ACTOR_NAMES)("read by %s: the owner's, even viewing as them, never the encrypted title", async (actor) => {
    const found = await forUser(ACTORS[actor]).conversations.find({});
    expect(found).toHaveLength(canRead(actor) ? 1 : 0);
    for (const conversation of found) expect(conversation).not.toHaveProperty("title");
  });

  it.each(ACTOR_NAMES)("reveal of the title, rename and delete by %s: the owner only, never an admin viewing as them", async (actor) => {
    const door = forUser(ACTORS[actor]);
    const expected = actor === "the user" ? "done" : canRead(actor) ? "forbidden" : "not found";
    expect(await outcome(() => door.conversations.reveal({ _id: CONVERSATION }, ["title"]))).toBe(expected);
    expect(await outcome(() => door.conversations.updateOne({ _id: CONVERSATION }, { $set: { title: ENCRYPTED } }))).toBe(expected);
    expect(await outcome(() => door.conversations.deleteOne({ _id: CONVERSATION }))).toBe(expected);
  });
});

describe("AuthEvent policy (audit trail)", () => {
  it.each(ACTOR_NAMES)("read by %s: own events (an admin: all), never the email hash", async (actor) => {
    const found = await forUser(ACTORS[actor]).authEvents.find({});
    expect(found).toHaveLength(is("the user", "an admin", "an admin viewing as the user")(actor) ? 1 : 0);
    for (const event of found) expect(event).not.toHaveProperty("emailHash");
  });

  it.each(ACTOR_NAMES)("nobody writes the audit trail through the door, not even %s", async (actor) => {
    const door = forUser(ACTORS[actor]);
    expect(await outcome(() => door.authEvents.create({ userId: alice, type: "signout", at: new Date() }))).toBe("forbidden");
    expect(await outcome(() => door.authEvents.deleteMany({}))).not.toBe("done");
    expect(await AuthEventModel.countDocuments()).toBe(1);
  });
});

describe("Account policy (linked providers)", () => {
  it.each(ACTOR_NAMES)("disconnect of the user's GitHub by %s", async (actor) => {
    const allowed = actor === "the user";
    const canRead = is("the user", "an admin", "an admin viewing as the user")(actor);
    const result = await outcome(() => forUser(ACTORS[actor]).accounts.deleteOne({ _id: ACCOUNT }));
    expect(result).toBe(allowed ? "done" : canRead ? "forbidden" : "not found");
  });
});

describe("VerificationToken policy (links the person asked for)", () => {
  const own = is("the user", "an admin viewing as the user");

  it.each(ACTOR_NAMES)("read by %s: own links only, never the token's hash", async (actor) => {
    const found = await forUser(ACTORS[actor]).verificationTokens.find({});
    expect(found).toHaveLength(own(actor) ? 1 : 0);
    for (const link of found) expect(link).not.toHaveProperty("token");
  });

  it.each(ACTOR_NAMES)("asking for a link for the user, by %s", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).verificationTokens.create({ ...LINK_FIELDS, token: "another-hash" }));
    expect(result).toBe(actor === "the user" ? "done" : "forbidden");
  });

  it.each(ACTOR_NAMES)("cancelling the user's pending change, by %s", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).verificationTokens.deleteMany({ userId: alice }));
    expect(result).toBe(actor === "the user" ? "done" : own(actor) ? "forbidden" : "not found");
    expect(await VerificationTokenModel.countDocuments()).toBe(actor === "the user" ? 0 : 1);
  });
});

describe("Avatar policy (uploaded pictures)", () => {
  it.each(ACTOR_NAMES)("read by %s: anyone's, as a picture beside a name is public", async (actor) => {
    expect(await forUser(ACTORS[actor]).avatars.findOne({ _id: alice })).toMatchObject({ hash: AVATAR_FIELDS.hash });
  });

  it.each(ACTOR_NAMES)("replacing the user's picture, by %s", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).avatars.updateOne({ _id: alice }, { $set: { hash: "fedcba9876543210" } }));
    expect(result).toBe(actor === "the user" ? "done" : "forbidden");
  });

  it.each(ACTOR_NAMES)("uploading a first picture for the user, by %s", async (actor) => {
    await AvatarModel.deleteMany({});
    const result = await outcome(() => forUser(ACTORS[actor]).avatars.create({ _id: alice, ...AVATAR_FIELDS }));
    expect(result).toBe(actor === "the user" ? "done" : "forbidden");
  });

  it.each(ACTOR_NAMES)("removing the user's picture, by %s", async (actor) => {
    const result = await outcome(() => forUser(ACTORS[actor]).avatars.deleteOne({ _id: alice }));
    expect(result).toBe(is("the user", "an admin")(actor) ? "done" : "forbidden");
  });
});

it("covers every model that has a policy", () => {
  expect(Object.values(POLICIES).map((policy) => policy.subject).sort()).toEqual(
    ["Account", "AuthEvent", "Avatar", "Conversation", "DeviceSession", "Generation", "User", "VerificationToken"].sort(),
  );
});
