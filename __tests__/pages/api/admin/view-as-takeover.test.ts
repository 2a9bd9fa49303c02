/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import { ObjectId } from "mongodb";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as meRoute from "@/pages/api/user/me";
import * as reauthRoute from "@/pages/api/user/reauth";
import * as sessionsRoute from "@/pages/api/user/sessions";
import type { ImpersonationStartResponse } from "@/lib/admin/shared";
import { isAuthenticationStale } from "@/lib/sessions/shared";
import { APP_ORIGIN, CookieJar, getSession, nextAuth, rewriteSessionToken, sessionTokenOf, signIn, signedInUser, updateSession } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { oidcProviderForThisFile, oidcSignIn, providerAccount } from "../../../helpers/oauth";
import { rawCollection } from "../../../helpers/users";

/**
 * "View as" must never turn into a real session of the user: every path that
 * mints or renews a session, taken from a view-as browser, either keeps the
 * impersonation or refuses. And the view-as device lives no longer than the view.
 */
const oidc = oidcProviderForThisFile();
const SAME_ORIGIN = { origin: APP_ORIGIN };

async function viewingAs() {
  const { user: admin, jar: adminJar } = await signedInUser({ role: "admin", name: "Ada Admin" });
  const { user, jar: userJar } = await signedInUser({ name: "Uma User" });
  const adminDevice = (await getSession(adminJar))?.deviceSessionId;
  const started = await callRoute<ImpersonationStartResponse>(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN });
  expect(started.status).toBe(200);
  const viewAsDevice = (await getSession(adminJar))?.deviceSessionId;
  return { admin, adminJar, adminDevice, user, userJar, viewAsDevice, endsAt: Date.parse(started.body.endsAt) };
}

async function accountLinksOf(userId: string) {
  return (await rawCollection("accounts")).find({ userId: new ObjectId(userId) }).toArray();
}

async function deviceOf(id: string | undefined) {
  return (await rawCollection("sessions")).findOne({ _id: new ObjectId(id) });
}

describe("a view-as session never becomes the user's own session", () => {
  it("cannot connect a provider to the user: refused, nothing linked, and the browser is still only viewing", async () => {
    const { adminJar, user } = await viewingAs();
    const adminsOwnLogin = await providerAccount(oidc.current(), { email: "ada-personal@example.net", email_verified: true });

    const result = await oidcSignIn(adminJar, adminsOwnLogin);

    expect(result.error).toBe("OAuthViewAsReadOnly");
    expect(await accountLinksOf(user.id)).toHaveLength(0);
    const token = await sessionTokenOf(adminJar);
    expect(token?.id).toBe(user.id);
    expect(token?.impersonator).toBeDefined();
    // The provider account was linked to nobody: it cannot be used to sign in as the user later.
    const later = new CookieJar();
    await oidcSignIn(later, adminsOwnLogin);
    expect((await getSession(later))?.user.id).not.toBe(user.id);
  });

  it("never counts as a recent sign-in, and cannot re-authenticate", async () => {
    const { adminJar } = await viewingAs();
    const session = await getSession(adminJar);
    expect(isAuthenticationStale(session?.authTime ?? 0)).toBe(true);

    const reauth = await callRoute<{ error: { code: string } }>(reauthRoute, { method: "POST", jar: adminJar, json: { password: "anything-at-all-1" }, headers: SAME_ORIGIN });
    expect(reauth.status).toBe(403);
    expect(isAuthenticationStale((await getSession(adminJar))?.authTime ?? 0)).toBe(true);
  });

  it("keeps the impersonation through update()", async () => {
    const { adminJar, admin } = await viewingAs();
    const updated = await updateSession(adminJar);
    expect(updated?.impersonator?.id).toBe(admin.id);
    expect((await sessionTokenOf(adminJar))?.impersonator?.id).toBe(admin.id);
  });

  it("a token on a view-as device without the impersonation is refused at its next check", async () => {
    const { adminJar } = await viewingAs();
    await rewriteSessionToken(adminJar, (token) => ({ ...token, impersonator: undefined, checkedAt: 0 }));
    expect(await getSession(adminJar)).toBeNull();
  });

  it("a password sign-in from that browser is the signer's own session on a device of its own", async () => {
    const { admin, adminJar, viewAsDevice } = await viewingAs();
    expect((await signIn(adminJar, { email: admin.email, password: admin.password })).error).toBeNull();
    const token = await sessionTokenOf(adminJar);
    expect(token?.id).toBe(admin.id);
    expect(token?.impersonator).toBeUndefined();
    expect(token?.deviceSessionId).not.toBe(viewAsDevice);
  });
});

describe("what the admin's browser loads while viewing", () => {
  it("never the user's picture link (it would tell the user when and from where an admin looked)", async () => {
    const { user: admin, jar: adminJar } = await signedInUser({ role: "admin" });
    const { user } = await signedInUser();
    await (await rawCollection("users")).updateOne({ _id: new ObjectId(user.id) }, { $set: { image: "https://tracker.example/pixel.png" } });
    await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: SAME_ORIGIN });
    expect((await getSession(adminJar))?.impersonator?.id).toBe(admin.id);
    expect((await getSession(adminJar))?.user.image).toBeNull();
    await rewriteSessionToken(adminJar, (token) => ({ ...token, checkedAt: 0 }));
    expect((await getSession(adminJar))?.user.image).toBeNull();
    const me = await callRoute<{ user: { id: string; image: string | null } }>(meRoute, { jar: adminJar });
    expect(me.body.user).toMatchObject({ id: user.id, image: null });
  });
});

describe("the view-as device lives no longer than the view", () => {
  it("never slides past the view's end", async () => {
    const { adminJar, viewAsDevice, endsAt } = await viewingAs();
    await rewriteSessionToken(adminJar, (token) => ({ ...token, checkedAt: 0 }));
    expect((await getSession(adminJar))?.impersonator).toBeDefined();
    const device = await deviceOf(viewAsDevice);
    expect(device?.expires.getTime()).toBeLessThanOrEqual(endsAt);
  });

  it("is deleted when the view's time is over", async () => {
    const { adminJar, viewAsDevice } = await viewingAs();
    await rewriteSessionToken(adminJar, (token) => ({ ...token, impersonator: token.impersonator && { ...token.impersonator, endsAt: Date.now() - 1 } }));
    expect(await getSession(adminJar)).toBeNull();
    expect(await deviceOf(viewAsDevice)).toBeNull();
  });

  it("ends when the user signs out their other devices", async () => {
    const { adminJar, userJar, viewAsDevice } = await viewingAs();
    const signedOut = await callRoute(sessionsRoute, { method: "DELETE", jar: userJar, headers: SAME_ORIGIN });
    expect(signedOut.status).toBeLessThan(300);
    expect(await deviceOf(viewAsDevice)).toBeNull();
    await rewriteSessionToken(adminJar, (token) => ({ ...token, checkedAt: 0 }));
    expect(await getSession(adminJar)).toBeNull();
  });

  it("signing out of the view ends the admin's own session too", async () => {
    const { adminJar, adminDevice, viewAsDevice } = await viewingAs();
    const { csrfToken } = (await nextAuth("csrf", { jar: adminJar })).body as { csrfToken: string };
    await nextAuth("signout", { method: "POST", jar: adminJar, form: { csrfToken, json: "true" } });
    expect(await deviceOf(viewAsDevice)).toBeNull();
    expect(await deviceOf(adminDevice)).toBeNull();
  });
});
