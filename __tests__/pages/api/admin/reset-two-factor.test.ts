/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} */
import type { GetServerSidePropsContext } from "next";
import { ObjectId } from "mongodb";
import * as userPage from "@/pages/admin/users/[id]";
import * as resetRoute from "@/pages/api/admin/users/[id]/reset-two-factor";
import * as userRoute from "@/pages/api/admin/users/[id]";
import type { AdminUserDetail } from "@/lib/admin/shared";
import { flushAuthEvents } from "@/lib/audit";
import { noticesSent } from "@/lib/notices";
import { issueRecoveryCodes, startPendingSignIn } from "@/lib/two-factor";
import { APP_ORIGIN, CookieJar, getSession, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { renderPage } from "../../../helpers/pages";
import { smtpServerForThisFile } from "../../../helpers/mail";
import { addPasskey } from "../../../helpers/passkeys";
import { enableTotp } from "../../../helpers/two-factor";
import { rawCollection } from "../../../helpers/users";

/**
 * An admin's "Reset two-step verification" for a user locked out of their
 * second step: the user's page shows what they have, and the reset (with a
 * reason) removes it all, signs them out everywhere, is in both audit trails
 * and is mailed to them.
 */
const smtp = smtpServerForThisFile();
const ORIGIN = { origin: APP_ORIGIN };

type Answer = AdminUserDetail & { error?: { code: string; fields?: Record<string, string[]> } };

function reset(jar: CookieJar, id: string, json: unknown, headers: Record<string, string> = ORIGIN) {
  return callRoute<Answer>(resetRoute, { method: "POST", jar, params: { id }, json, headers });
}

/** An admin, and a signed-in user with an authenticator app, 10 recovery codes, two passkeys and a pending sign-in. */
async function adminAndUserWithFactors() {
  const { user: admin, jar: adminJar } = await signedInUser({ role: "admin" });
  const { user, jar: userJar } = await signedInUser();
  await enableTotp(user.id, user.email);
  await issueRecoveryCodes(user.id);
  await addPasskey(userJar, undefined, "Phone");
  await addPasskey(userJar, undefined, "Laptop");
  await startPendingSignIn(user.id, "password");
  return { admin, adminJar, user, userJar };
}

async function countFor(collection: string, userId: ObjectId, field = "userId") {
  return (await rawCollection(collection)).countDocuments({ [field]: userId });
}

describe("an admin resets a user's two-step verification", () => {
  it("shows the user's second factors on their page", async () => {
    const { adminJar, user } = await adminAndUserWithFactors();
    const detail = await callRoute<AdminUserDetail>(userRoute, { jar: adminJar, params: { id: user.id } });
    expect(detail.body.secondFactors).toEqual({ totpEnabled: true, recoveryCodesLeft: 10, passkeys: 2 });

    // The page reads its id from the route's params, which renderPage (for query-only pages) does not set.
    const withParams = {
      ...userPage,
      getServerSideProps: (ctx: GetServerSidePropsContext) => userPage.getServerSideProps({ ...ctx, params: { id: user.id } }),
    };
    const { html } = await renderPage(withParams, `/admin/users/${user.id}`, adminJar);
    expect(html).toContain("<dt>Two-step verification</dt><dd>On (authenticator app), 10 recovery codes left</dd>");
    expect(html).toContain("<dt>Passkeys</dt><dd>2</dd>");
    expect(html).toContain("Reset two-step verification");
  });

  it("removes the app, the codes, the passkeys and pending sign-ins, ends every session, audits and mails it", async () => {
    const { admin, adminJar, user, userJar } = await adminAndUserWithFactors();
    const res = await reset(adminJar, user.id, { reason: "  Lost phone; confirmed by a video call  " });
    expect(res.status).toBe(200);
    expect(res.body.secondFactors).toEqual({ totpEnabled: false, recoveryCodesLeft: 0, passkeys: 0 });
    expect(res.body.devices).toEqual([]);

    expect(await countFor("twoFactors", user._id, "_id")).toBe(0);
    expect(await countFor("recoveryCodes", user._id)).toBe(0);
    expect(await countFor("passkeys", user._id)).toBe(0);
    expect(await countFor("pendingSignIns", user._id)).toBe(0);
    expect(await getSession(userJar)).toBeNull();
    expect(await getSession(adminJar)).not.toBeNull();

    await flushAuthEvents();
    const events = await (await rawCollection("authEvents")).find({ type: "admin.two_factor_reset" }).toArray();
    const sides = events.filter((event) => [admin.id, user.id].includes(String(event.userId)));
    expect(sides.map((event) => event.detail)).toEqual(
      expect.arrayContaining([
        { side: "actor", counterpartId: user.id, note: "Lost phone; confirmed by a video call" },
        { side: "subject", counterpartId: admin.id, note: "Lost phone; confirmed by a video call" },
      ]),
    );
    await noticesSent();
    await smtp.current().waitForMail(user.email, { subject: /^An admin reset your two-step verification/ });
  });

  it("needs a reason", async () => {
    const { adminJar, user } = await adminAndUserWithFactors();
    for (const body of [{}, { reason: "   " }, { reason: "x".repeat(501) }]) {
      const res = await reset(adminJar, user.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error?.fields?.reason).toBeDefined();
    }
    expect(await countFor("passkeys", user._id)).toBe(2);
  });

  it("refuses a user with nothing to reset, the admin's own account, and an unknown user", async () => {
    const { admin, adminJar } = await adminAndUserWithFactors();
    const { user: plain } = await signedInUser();
    expect((await reset(adminJar, plain.id, { reason: "Asked by phone" })).status).toBe(409);
    await enableTotp(admin.id, admin.email);
    expect((await reset(adminJar, admin.id, { reason: "Myself" })).status).toBe(409);
    expect(await countFor("twoFactors", admin._id, "_id")).toBe(1);
    expect((await reset(adminJar, new ObjectId().toString(), { reason: "Nobody" })).status).toBe(404);
  });

  it("is for admins only, from this site only", async () => {
    const { adminJar, user, userJar } = await adminAndUserWithFactors();
    expect((await reset(userJar, user.id, { reason: "Myself" })).status).toBe(403);
    expect((await reset(new CookieJar(), user.id, { reason: "Anyone" })).status).toBe(401);
    expect((await reset(adminJar, user.id, { reason: "Forged" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(await countFor("passkeys", user._id)).toBe(2);
  });
});
