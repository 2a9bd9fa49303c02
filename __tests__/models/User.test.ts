import { connectToDatabase } from "@/lib/core/db";
import { UserModel } from "@/models/User";
import { rawCollection, usersCollection } from "../helpers/users";

beforeAll(() => connectToDatabase());

/** A well-formed bcrypt hash (the model stores nothing else), whose salt spells what must never leak. */
const SECRET_HASH = `$2b$10$${"secretsecretsecretsecretsecretsecretsecretsecretsecre".slice(0, 53)}`;

describe("UserModel", () => {
  it("normalises email with NFKC before validating, then trims and lower-cases it", async () => {
    const user = await UserModel.create({ email: "  Ｇrace＠Example.COM " });
    expect(user.email).toBe("grace@example.com");
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.email).toBe("grace@example.com");
  });

  it("treats a full-width or upper-case variant as the same email (unique index)", async () => {
    await UserModel.create({ email: "linus@example.com" });
    await expect(UserModel.create({ email: "LINUS＠example.com" })).rejects.toMatchObject({ code: 11000 });
  });

  it.each([
    ["a comma", "a,b@example.com"],
    ["a quote", 'a"b@example.com'],
    ["a space inside", "a b@example.com"],
    ["a zero-width space", "ab\u200B@example.com"],
    ["a control character", "ab\u0007@example.com"],
    ["no domain dot", "ab@example"],
  ])("rejects an email with %s", async (_label, email) => {
    await expect(UserModel.create({ email })).rejects.toMatchObject({ name: "ValidationError" });
    expect(await (await usersCollection()).findOne({ email: email.toLowerCase() })).toBeNull();
  });

  it("never selects the password hash unless asked, and never serialises it", async () => {
    await UserModel.create({ email: "hidden@example.com", passwordHash: SECRET_HASH });
    const plain = await UserModel.findOne({ email: "hidden@example.com" });
    expect(plain?.passwordHash).toBeUndefined();

    const withHash = await UserModel.findOne({ email: "hidden@example.com" }).select("+passwordHash");
    expect(withHash?.passwordHash).toBe(SECRET_HASH);
    expect(JSON.stringify(withHash)).not.toContain("secretsecret");
    expect(withHash?.toObject()).not.toHaveProperty("passwordHash");
  });

  it("reads a user the NextAuth adapter created (no role yet) with the defaults", async () => {
    const { insertedId } = await (await usersCollection()).insertOne({
      name: "Octo Cat",
      email: "octo@example.com",
      emailVerified: null,
      image: "https://avatars.example.com/octo.png",
    });
    const user = await UserModel.findById(insertedId);
    expect(user?.role).toBe("user");
    expect(user?.sessionVersion).toBe(0);
    expect(user?.disabledAt).toBeNull();
  });

  it("has the unique email index and one index per order of the admin list", async () => {
    const indexes = await (await rawCollection("users")).indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { email: 1 }, unique: true }),
        expect.objectContaining({ key: { createdAt: -1, _id: -1 } }),
        expect.objectContaining({ key: { lastSignInAt: -1, _id: -1 } }),
        expect.objectContaining({ key: { name: 1, _id: 1 } }),
      ]),
    );
  });

  it("stores a password only as a bcrypt hash, whatever the write path (create, save, updateOne, updateMany)", async () => {
    await expect(UserModel.create({ email: "plain@example.com", passwordHash: "hunter2hunter2" })).rejects.toMatchObject({
      name: "ValidationError",
    });
    const user = await UserModel.create({ email: "plain@example.com", passwordHash: SECRET_HASH });
    await expect(UserModel.updateOne({ _id: user._id }, { $set: { passwordHash: "hunter2hunter2" } })).rejects.toThrow(/bcrypt/);
    await expect(UserModel.updateMany({}, { passwordHash: "hunter2hunter2" })).rejects.toThrow(/bcrypt/);
    const stored = await (await usersCollection()).findOne({ _id: user._id });
    expect(stored?.passwordHash).toBe(SECRET_HASH);
  });

  it("accepts only an https link as the picture", async () => {
    await expect(UserModel.create({ email: "pic@example.com", image: "javascript:alert(1)" })).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(UserModel.create({ email: "pic@example.com", image: "http://example.com/a.png" })).rejects.toMatchObject({
      name: "ValidationError",
    });
    const user = await UserModel.create({ email: "pic@example.com", image: "https://example.com/a.png" });
    expect(user.image).toBe("https://example.com/a.png");
  });
});
