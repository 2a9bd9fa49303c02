import { ObjectId } from "mongodb";
import { forUser, type DataAccess } from "@/lib/access";
import { updateUserAsAdmin } from "@/lib/admin";
import { createTestUser, usersCollection } from "../../helpers/users";

/**
 * The last-admin guard under concurrent changes. Requests are interleaved at a
 * chosen point with a door whose `count` first lets other work run: every read
 * and write still goes to the real database.
 */
const origin = { context: { ip: "127.0.0.1", userAgent: "jest" } };

/** `data`, whose users.count runs `before` first on the call numbered `at` (1-based). */
function pausingAtCount(data: DataAccess, at: number, before: () => Promise<void>): DataAccess {
  let calls = 0;
  const users = new Proxy(data.users, {
    get(target, property, receiver) {
      if (property !== "count") return Reflect.get(target, property, receiver);
      return async (...args: Parameters<DataAccess["users"]["count"]>) => {
        calls += 1;
        if (calls === at) await before();
        return target.count(...args);
      };
    },
  });
  return new Proxy(data, { get: (target, property, receiver) => (property === "users" ? users : Reflect.get(target, property, receiver)) });
}

async function stored(id: string) {
  return (await usersCollection()).findOne({ _id: new ObjectId(id) });
}

describe("the last-admin guard", () => {
  // Each case counts the admins it makes.
  beforeEach(async () => {
    await (await usersCollection()).deleteMany({});
  });

  it("undoing a step-down never reverts another admin's change that already answered", async () => {
    const ada = await createTestUser({ role: "admin" });
    const bob = await createTestUser({ role: "admin" });
    const asBob = forUser({ id: bob.id, role: "admin" });

    // Ada steps down. After her write, before she counts the admins left:
    // Bob disables her (and that answers 200), then Bob steps down too (his
    // write lands, his own count has not run yet).
    const asAda = pausingAtCount(forUser({ id: ada.id, role: "admin" }), 2, async () => {
      await expect(updateUserAsAdmin(asBob, ada.id, { disabled: true, reason: "compromised" }, origin)).resolves.toMatchObject({ user: { id: ada.id } });
      await (await usersCollection()).updateOne({ _id: bob._id }, { $set: { role: "user" } });
    });
    await expect(updateUserAsAdmin(asAda, ada.id, { role: "user" }, origin)).rejects.toMatchObject({ status: 409 });

    const after = await stored(ada.id);
    expect(after?.role).toBe("admin"); // her own change is undone
    expect(after?.disabledAt).toBeInstanceOf(Date); // Bob's, which answered, stands
    expect(after?.disabledReason).toBe("compromised");
  });

  it("the last active admin cannot step down, and two racing step-downs leave an admin", async () => {
    const ada = await createTestUser({ role: "admin" });
    const bob = await createTestUser({ role: "admin" });
    const results = await Promise.allSettled([
      updateUserAsAdmin(forUser({ id: ada.id, role: "admin" }), ada.id, { role: "user" }, origin),
      updateUserAsAdmin(forUser({ id: bob.id, role: "admin" }), bob.id, { role: "user" }, origin),
    ]);
    expect(results.some((result) => result.status === "rejected")).toBe(true);
    const admins = await (await usersCollection()).countDocuments({ role: "admin", disabledAt: null });
    expect(admins).toBeGreaterThanOrEqual(1);
  });
});
