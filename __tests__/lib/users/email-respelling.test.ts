import { respellStoredEmails } from "@/lib/users";
import { CookieJar, signIn } from "../../helpers/auth";
import { createTestUser, usersCollection } from "../../helpers/users";

/**
 * Emails are now stored with the domain in its punycode spelling. Accounts
 * stored before that, with a Unicode domain, are moved to it by
 * `npm run migrate-emails`, so their owners can still sign in.
 */
describe("respelling stored emails", () => {
  beforeEach(async () => {
    await (await usersCollection()).deleteMany({});
  });

  it("moves a Unicode domain to its punycode spelling, and both spellings sign in afterwards", async () => {
    const user = await createTestUser({ email: "ana@xn--bcher-kva.example" });
    const users = await usersCollection();
    // As an older version stored it.
    await users.updateOne({ _id: user._id }, { $set: { email: "ana@bücher.example" } });
    expect((await signIn(new CookieJar(), { email: "ana@bücher.example", password: user.password })).error).toBe("INVALID_CREDENTIALS");

    expect(await respellStoredEmails()).toEqual({ respelled: 1, conflicts: [] });

    expect((await users.findOne({ _id: user._id }))?.email).toBe("ana@xn--bcher-kva.example");
    expect((await signIn(new CookieJar(), { email: "ana@bücher.example", password: user.password })).error).toBeNull();
    expect((await signIn(new CookieJar(), { email: "ana@xn--bcher-kva.example", password: user.password })).error).toBeNull();
    expect(await respellStoredEmails()).toEqual({ respelled: 0, conflicts: [] });
  });

  it("leaves an account whose new spelling another account has, and names it", async () => {
    await createTestUser({ email: "bo@xn--bcher-kva.example" });
    const older = await createTestUser({ email: "placeholder@example.com" });
    const users = await usersCollection();
    await users.updateOne({ _id: older._id }, { $set: { email: "bo@bücher.example" } });

    expect(await respellStoredEmails()).toEqual({ respelled: 0, conflicts: [older.id] });
    expect((await users.findOne({ _id: older._id }))?.email).toBe("bo@bücher.example");
  });
});
