/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import { ObjectId } from "mongodb";
import * as userRoute from "@/pages/api/admin/users/[id]";
import * as usersRoute from "@/pages/api/admin/users";
import type { AdminUsersResponse } from "@/lib/admin/shared";
import { flushAuthEvents, hashEmail } from "@/lib/audit";
import { emailWorkSettled } from "@/lib/email-flows";
import { APP_ORIGIN, CookieJar, getSession, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { rawCollection, usersCollection } from "../../../helpers/users";

/** An admin deletes an account from the console (DELETE /api/admin/users/:id): with a reason, in both trails, same effects as the owner's. */
const smtp = smtpServerForThisFile();
const ORIGIN = { origin: APP_ORIGIN };
type Answer = { error?: { code: string; fields?: Record<string, string[]> } };

function remove(jar: CookieJar, id: string, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<Answer>(userRoute, { method: "DELETE", jar, params: { id }, json, headers });
}

describe("DELETE /api/admin/users/:id", () => {
  it("deletes the account with a reason, audited on both sides, and it leaves the console's list", async () => {
    const { user: admin, jar: adminJar } = await signedInUser({ role: "admin" });
    const { user, jar: userJar } = await signedInUser();
    const res = await remove(adminJar, user.id, { reason: "  Asked by email, ticket 42 " });
    expect(res.status).toBe(204);
    expect(await getSession(userJar)).toBeNull();
    expect(await (await usersCollection()).countDocuments({ _id: user._id })).toBe(0);

    await flushAuthEvents();
    const events = await (await rawCollection("authEvents")).find({ type: "admin.user_deleted" }).toArray();
    const subject = events.find((event) => String(event.userId) === user.id);
    const actor = events.find((event) => String(event.userId) === admin.id);
    expect(subject?.detail).toEqual({ side: "subject", counterpartId: admin.id, note: "Asked by email, ticket 42" });
    expect(subject?.emailHash).toBe(hashEmail(user.email));
    expect(actor?.detail).toEqual({ side: "actor", counterpartId: user.id, note: "Asked by email, ticket 42" });
    expect(actor?.emailHash).toBeUndefined();

    const list = await callRoute<AdminUsersResponse>(usersRoute, { jar: adminJar, query: new URLSearchParams({ query: user.email }) });
    expect(list.body.users).toEqual([]);
    expect((await callRoute(userRoute, { jar: adminJar, params: { id: user.id } })).status).toBe(404);
    await emailWorkSettled();
    const mail = await smtp.current().waitForMail(user.email, { subject: /^Your KeyForge account was deleted/ });
    expect(mail.text).toContain("An administrator deleted");
  });

  it("needs a reason, and changes nothing without one", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const { user } = await signedInUser();
    for (const body of [{}, { reason: "   " }, { reason: "x".repeat(501) }, { reason: "ok", extra: true }]) {
      const res = await remove(adminJar, user.id, body);
      expect(res.status).toBe(400);
    }
    expect(await (await usersCollection()).countDocuments({ _id: user._id, email: user.email, deletedAt: null })).toBe(1);
  });

  it("is for admins only, from this site only, not on their own account nor an unknown one", async () => {
    const { user: admin, jar: adminJar } = await signedInUser({ role: "admin" });
    const { user, jar: userJar } = await signedInUser();
    expect((await remove(userJar, admin.id, { reason: "Mine now" })).status).toBe(403);
    expect((await remove(new CookieJar(), user.id, { reason: "Anyone" })).status).toBe(401);
    expect((await remove(adminJar, user.id, { reason: "Forged" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await remove(adminJar, admin.id, { reason: "Myself" })).status).toBe(409);
    expect((await remove(adminJar, new ObjectId().toString(), { reason: "Nobody" })).status).toBe(404);
    expect(await (await usersCollection()).countDocuments({ _id: { $in: [admin._id, user._id] }, deletedAt: null })).toBe(2);
  });
});
