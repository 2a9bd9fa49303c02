/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import type { ObjectId } from "mongodb";
import { CookieJar, SESSION_COOKIE, getSession, pastRevalidation, signIn, signedInUser } from "../../../helpers/auth";
import { rawCollection, usersCollection } from "../../../helpers/users";

/** A signed-in user whose session is shown to work before the test changes anything. */
async function signedInWithSession() {
  const signedIn = await signedInUser({ name: "Before" });
  expect((await getSession(signedIn.jar))?.user.id).toBe(signedIn.user.id);
  return signedIn;
}

async function updateUser(id: ObjectId, set: Record<string, unknown>) {
  await (await usersCollection()).updateOne({ _id: id }, { $set: set });
}

describe("a signed-in session follows the database within SESSION_REVALIDATE_SECONDS", () => {
  it("shows a role or name change after the interval, and not before (no database read in between)", async () => {
    const { user, jar } = await signedInWithSession();
    await updateUser(user._id, { role: "admin", name: "After" });

    expect((await getSession(jar))?.user).toMatchObject({ role: "user", name: "Before" });
    await pastRevalidation(jar);
    expect((await getSession(jar))?.user).toMatchObject({ role: "admin", name: "After" });
  });

  it("ends the session of a disabled user and clears the cookie", async () => {
    const { user, jar } = await signedInWithSession();
    await updateUser(user._id, { disabledAt: new Date() });
    await pastRevalidation(jar);
    expect(await getSession(jar)).toBeNull();
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("ends every device's session when sessionVersion is bumped", async () => {
    const { user, jar } = await signedInWithSession();
    const laptop = new CookieJar();
    await signIn(laptop, { email: user.email, password: user.password });
    await (await usersCollection()).updateOne({ _id: user._id }, { $inc: { sessionVersion: 1 } });
    await pastRevalidation(jar);
    await pastRevalidation(laptop);
    expect(await getSession(jar)).toBeNull();
    expect(await getSession(laptop)).toBeNull();
  });

  it("ends only the revoked device's session", async () => {
    const { user, jar: phone } = await signedInWithSession();
    const laptop = new CookieJar();
    await signIn(laptop, { email: user.email, password: user.password });
    const sessions = await rawCollection("sessions");
    const [phoneDevice] = await sessions.find({ userId: user._id }).sort({ createdAt: 1 }).toArray();
    await sessions.deleteOne({ _id: phoneDevice?._id });

    await pastRevalidation(phone);
    await pastRevalidation(laptop);
    expect(await getSession(phone)).toBeNull();
    expect((await getSession(laptop))?.user.id).toBe(user.id);
  });

  it("ends the session of a deleted user", async () => {
    const { user, jar } = await signedInWithSession();
    await (await usersCollection()).deleteOne({ _id: user._id });
    await pastRevalidation(jar);
    expect(await getSession(jar)).toBeNull();
  });

  it("refreshes the device's lastSeenAt when it re-validates", async () => {
    const { user, jar } = await signedInWithSession();
    const sessions = await rawCollection("sessions");
    // Seen a minute ago, so "later" needs no wait.
    const before = new Date(Date.now() - 60_000);
    await sessions.updateOne({ userId: user._id }, { $set: { lastSeenAt: before } });
    await pastRevalidation(jar);
    await getSession(jar);
    const after = (await sessions.findOne({ userId: user._id }))?.lastSeenAt as Date;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
  });
});
