/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { ObjectId } from "mongodb";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as impersonationRoute from "@/pages/api/impersonation";
import * as checkRoute from "@/pages/api/user/api-keys/check";
import * as historyEntryRoute from "@/pages/api/user/generations/[id]";
import * as historyRoute from "@/pages/api/user/generations";
import * as emailRoute from "@/pages/api/user/email";
import * as verificationRoute from "@/pages/api/user/email/verification";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as meRoute from "@/pages/api/user/me";
import * as profileRoute from "@/pages/api/user/profile";
import * as sessionsRoute from "@/pages/api/user/sessions";
import type { ImpersonationStartResponse } from "@/lib/admin/shared";
import { flushAuthEvents } from "@/lib/audit";
import type { SessionsResponse } from "@/lib/sessions/shared";
import { APP_ORIGIN, CookieJar, getSession, nextAuth, rewriteSessionToken, sessionTokenOf, signedInUser } from "../../../helpers/auth";
import { generate, saveTogetherKey } from "../../../helpers/generation";
import { callRoute } from "../../../helpers/http";
import { togetherStubForThisFile } from "../../../helpers/together-stub";
import { rawCollection } from "../../../helpers/users";

const SAME_ORIGIN = { origin: APP_ORIGIN };
const stub = togetherStubForThisFile();

function impersonate(jar: CookieJar, id: string) {
  return callRoute<ImpersonationStartResponse & { error?: { code: string } }>(impersonateRoute, {
    method: "POST",
    jar,
    params: { id },
    headers: SAME_ORIGIN,
  });
}

function stop(jar: CookieJar) {
  return callRoute<{ redirectTo: string; error?: { code: string } }>(impersonationRoute, { method: "DELETE", jar, headers: SAME_ORIGIN });
}

async function auditTypes(userId: string): Promise<string[]> {
  await flushAuthEvents();
  const events = await (await rawCollection("authEvents")).find({ userId: new ObjectId(userId) }).toArray();
  return events.map((event) => String(event.type));
}

/** An admin viewing as a user who has a Together AI key and two devices of their own. */
async function viewingAs() {
  const { user: admin, jar: adminJar } = await signedInUser({ role: "admin", name: "Ada Admin" });
  const { user, jar: userJar } = await signedInUser({ name: "Uma User" });
  await saveTogetherKey(userJar);
  const started = await impersonate(adminJar, user.id);
  expect(started.status).toBe(200);
  return { admin, adminJar, user, userJar, started };
}

describe("viewing as a user", () => {
  it("turns the admin's browser into a session of the user, marked with the admin, for at most an hour", async () => {
    const { admin, adminJar, user, started } = await viewingAs();
    expect(started.body.redirectTo).toBe("/");
    const endsAt = Date.parse(started.body.endsAt);
    expect(endsAt - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(endsAt - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const session = await getSession(adminJar);
    expect(session?.user).toMatchObject({ id: user.id, role: "user", name: "Uma User" });
    expect(session?.impersonator).toMatchObject({ id: admin.id, name: "Ada Admin" });
    const me = await callRoute<{ user: { id: string } }>(meRoute, { jar: adminJar });
    expect(me.body.user.id).toBe(user.id);
    expect(await auditTypes(user.id)).toContain("impersonation.started");
    expect(await auditTypes(admin.id)).toContain("impersonation.started");
  });

  it("is not listed among the user's own devices", async () => {
    const { adminJar, userJar } = await viewingAs();
    const own = await callRoute<SessionsResponse>(sessionsRoute, { jar: userJar });
    expect(own.body.sessions).toHaveLength(1);
    const seenByAdmin = await callRoute<SessionsResponse>(sessionsRoute, { jar: adminJar });
    expect(seenByAdmin.body.sessions.map((device) => device.id)).toEqual(own.body.sessions.map((device) => device.id));
  });

  it("can look but not use the user's key or change anything", async () => {
    const { adminJar, user } = await viewingAs();
    const masked = await callRoute<{ apiKeys: { togetherAI: { masked: string } | null } }>(apiKeysRoute, { jar: adminJar });
    expect(masked.status).toBe(200);
    expect(masked.body.apiKeys.togetherAI?.masked).toMatch(/…/);
    const check = await callRoute<{ error: { code: string } }>(checkRoute, {
      method: "POST",
      jar: adminJar,
      json: { provider: "togetherAI" },
      headers: SAME_ORIGIN,
    });
    expect(check.status).toBe(403);
    expect(check.body.error.code).toBe("FORBIDDEN");
    const generation = await generate(adminJar, { prompt: "Write hello world", language: "python" });
    expect(generation.status).toBe(403);
    const rename = await callRoute(profileRoute, { method: "PATCH", jar: adminJar, json: { name: "Hacked" }, headers: SAME_ORIGIN });
    expect(rename.status).toBe(403);
    const links = await rawCollection("verificationTokens");
    const pending = { identifier: "x", token: "hash", expires: new Date(Date.now() + 60_000), purpose: "change-email", userId: new ObjectId(user.id), email: "", newEmail: "uma@new.example" };
    await links.insertOne(pending);
    const cancel = await callRoute(emailRoute, { method: "DELETE", jar: adminJar, headers: SAME_ORIGIN });
    expect(cancel.status).toBe(403);
    expect(await links.countDocuments({ userId: new ObjectId(user.id) })).toBe(1);
    // An unverified address, so that only the view-as refuses the resend.
    await (await rawCollection("users")).updateOne({ _id: new ObjectId(user.id) }, { $set: { emailVerified: null } });
    const resend = await callRoute(verificationRoute, { method: "POST", jar: adminJar, headers: SAME_ORIGIN });
    expect(resend.status).toBe(403);
    const stored = await (await rawCollection("users")).findOne({ _id: new ObjectId(user.id) });
    expect(stored?.name).toBe("Uma User");
    expect(await (await rawCollection("generations")).countDocuments({ userId: new ObjectId(user.id) })).toBe(0);
  });

  it("never reveals the user's history text: the list and an entry are 403, while the user still reads both", async () => {
    const { adminJar, userJar, user } = await viewingAs();
    stub.enqueue({ kind: "stream", chunks: ["the private answer"] });
    expect((await generate(userJar, { prompt: "my private prompt", language: "go" })).status).toBe(200);
    const [entry] = await (await rawCollection("generations")).find({ userId: new ObjectId(user.id) }).toArray();
    const id = String(entry?._id);

    const list = await callRoute<{ error: { code: string } }>(historyRoute, { jar: adminJar });
    const opened = await callRoute<{ error: { code: string } }>(historyEntryRoute, { jar: adminJar, params: { id } });
    for (const answer of [list, opened]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe("FORBIDDEN");
      expect(JSON.stringify(answer.body)).not.toMatch(/private/);
    }
    expect((await callRoute(historyRoute, { jar: userJar })).status).toBe(200);
    expect((await callRoute(historyEntryRoute, { jar: userJar, params: { id } })).status).toBe(200);
  });

  it("stops: the admin's own session comes back and the view-as session is gone, recorded on both accounts", async () => {
    const { admin, adminJar, user } = await viewingAs();
    const viewAsDevice = (await getSession(adminJar))?.deviceSessionId;
    const stopped = await stop(adminJar);
    expect(stopped.status).toBe(200);
    expect(stopped.body.redirectTo).toBe(`/admin/users/${user.id}`);
    const session = await getSession(adminJar);
    expect(session?.user).toMatchObject({ id: admin.id, role: "admin" });
    expect(session?.impersonator).toBeUndefined();
    expect(await (await rawCollection("sessions")).countDocuments({ _id: new ObjectId(viewAsDevice) })).toBe(0);
    expect(await auditTypes(user.id)).toContain("impersonation.stopped");
    expect(await auditTypes(admin.id)).toContain("impersonation.stopped");
    expect((await stop(adminJar)).status).toBe(409);
  });

  it("signing out of a view-as session ends it, recorded as the admin's stop, never as the user's own sign-out", async () => {
    const { admin, adminJar, user } = await viewingAs();
    const viewAsDevice = (await getSession(adminJar))?.deviceSessionId;
    const { csrfToken } = (await nextAuth("csrf", { jar: adminJar })).body as { csrfToken: string };
    await nextAuth("signout", { method: "POST", jar: adminJar, form: { csrfToken, json: "true" } });
    expect(await getSession(adminJar)).toBeNull();
    expect(await (await rawCollection("sessions")).countDocuments({ _id: new ObjectId(viewAsDevice) })).toBe(0);
    expect(await auditTypes(user.id)).not.toContain("signout");
    expect(await auditTypes(user.id)).toContain("impersonation.stopped");
    expect(await auditTypes(admin.id)).toContain("impersonation.stopped");
  });

  it("ends by itself after its hour, and when the admin stops being an admin", async () => {
    const { adminJar: expired } = await viewingAs();
    await rewriteSessionToken(expired, (token) => ({ ...token, impersonator: token.impersonator && { ...token.impersonator, endsAt: Date.now() - 1 } }));
    expect(await getSession(expired)).toBeNull();

    const { admin, adminJar } = await viewingAs();
    await (await rawCollection("users")).updateOne({ _id: new ObjectId(admin.id) }, { $set: { role: "user" } });
    await rewriteSessionToken(adminJar, (token) => ({ ...token, checkedAt: 0 }));
    expect(await getSession(adminJar)).toBeNull();
  });

  it("never views as another admin, oneself or a disabled account, and never from a view-as session", async () => {
    const { user: admin, jar } = await signedInUser({ role: "admin" });
    const { user: otherAdmin } = await signedInUser({ role: "admin" });
    const { user: disabled } = await signedInUser();
    await (await rawCollection("users")).updateOne({ _id: new ObjectId(disabled.id) }, { $set: { disabledAt: new Date() } });
    expect((await impersonate(jar, otherAdmin.id)).status).toBe(403);
    expect((await impersonate(jar, admin.id)).status).toBe(409);
    expect((await impersonate(jar, disabled.id)).status).toBe(409);
    expect((await impersonate(jar, new ObjectId().toString())).status).toBe(404);
    const { user } = await signedInUser();
    expect((await impersonate(jar, user.id)).status).toBe(200);
    const { user: another } = await signedInUser();
    expect((await impersonate(jar, another.id)).status).toBe(403);
    expect((await sessionTokenOf(jar))?.impersonator?.id).toBe(admin.id);
    expect(await (await rawCollection("sessions")).countDocuments({ impersonatedBy: new ObjectId(admin.id) })).toBe(1);
  });
});
