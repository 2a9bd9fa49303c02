import * as apiKeysRoute from "@/pages/api/user/api-keys";
import { flushAuthEvents, recordAuthEvent } from "@/lib/audit";
import { getDb } from "@/lib/core/db";
import { APP_ORIGIN, signUp, signedInUser } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { GOOD_PASSWORD, rawCollection, usersCollection } from "../../helpers/users";

/**
 * The audit trail must never cost a user their request: a write that fails
 * (a malformed event, or a database that refuses the insert) is logged and
 * dropped, and the sign-up or vault change it describes goes through.
 */

const context = { ip: "192.0.2.10", userAgent: "test" };

async function authEventCount() {
  return (await rawCollection("authEvents")).countDocuments();
}

describe("a failing audit write", () => {
  it("resolves instead of throwing when the event is malformed", async () => {
    const before = await authEventCount();
    await expect(recordAuthEvent({ type: "signout", userId: "not-an-object-id", context })).resolves.toBeUndefined();
    await expect(flushAuthEvents()).resolves.toBeUndefined();
    expect(await authEventCount()).toBe(before);
  });

  it("does not fail a sign-up or a vault change when the database refuses every insert", async () => {
    const { jar } = await signedInUser();
    // A real refusal from the server: a unique index on `type` that the events below collide with.
    const events = (await getDb()).collection("authEvents");
    await events.insertMany([{ type: "signup" }, { type: "vault.key_added" }]);
    await events.createIndex({ type: 1 }, { unique: true, name: "refuse_duplicates" });
    const before = await authEventCount();

    const signup = await signUp({ name: "Resilient", email: "resilient@example.com", password: GOOD_PASSWORD });
    expect(signup.status).toBe(201);
    expect(await (await usersCollection()).countDocuments({ email: "resilient@example.com" })).toBe(1);

    const saved = await callRoute(apiKeysRoute, { method: "POST", jar, json: { oumi: "oumi-key-12345678" }, headers: { origin: APP_ORIGIN } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ apiKeys: { oumi: { masked: expect.any(String) } } });

    await flushAuthEvents();
    expect(await authEventCount()).toBe(before);
  });
});
