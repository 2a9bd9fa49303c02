/** @jest-environment-options {"env": {"SIGNIN_MAX_FAILURES_PER_EMAIL": "2", "SESSION_REVALIDATE_SECONDS": "0"}} */
import * as passwordRoute from "@/pages/api/user/password";
import { flushAuthEvents, hashEmail } from "@/lib/audit";
import { APP_ORIGIN, CookieJar, getSession, nextAuth, signIn } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { createTestUser, rawCollection, usersCollection } from "../../../helpers/users";

/** The audit trail's documents for a user (or an email hash), oldest first, once pending writes are done. */
async function eventsOf(filter: Record<string, unknown>) {
  await flushAuthEvents();
  return (await rawCollection("authEvents")).find(filter).sort({ at: 1, _id: 1 }).toArray();
}

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";

describe("sign-in, sign-out and password change in the audit trail", () => {
  it("records a success with the device session, IP and browser, and a sign-out", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password }, { "user-agent": FIREFOX });
    const session = await getSession(jar);
    const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
    await nextAuth("signout", { method: "POST", jar, form: { csrfToken, json: "true" } });

    const events = await eventsOf({ userId: user._id });
    expect(events.map((event) => event.type)).toEqual(["signin.succeeded", "signout"]);
    expect(events[0]?.userAgent).toBe(FIREFOX);
    expect(events[0]?.ip).toBeTruthy();
    expect(events.map((event) => String(event.deviceSessionId))).toEqual([session?.deviceSessionId, session?.deviceSessionId]);
  });

  it("records failures with their reason, and the lockout once the budget is spent", async () => {
    const user = await createTestUser();
    await signIn(new CookieJar(), { email: user.email, password: "wrong-password-1" });
    await signIn(new CookieJar(), { email: user.email, password: "wrong-password-2" });
    await signIn(new CookieJar(), { email: user.email, password: user.password });
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });

    const byUser = await eventsOf({ userId: user._id });
    expect(byUser.map((event) => [event.type, event.detail?.reason ?? event.detail?.scope])).toEqual([
      ["signin.failed", "bad_password"],
      ["signin.failed", "bad_password"],
      ["lockout", "account"],
    ]);
    // The refused attempt came before the account was looked up: it is filed under the email's hash.
    const byEmail = await eventsOf({ emailHash: hashEmail(user.email) });
    expect(byEmail.map((event) => [event.type, event.detail?.reason])).toEqual([["signin.failed", "locked"]]);
  });

  it("records a disabled account's refusal", async () => {
    const user = await createTestUser();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { disabledAt: new Date() } });
    await signIn(new CookieJar(), { email: user.email, password: user.password });
    expect((await eventsOf({ userId: user._id })).map((event) => event.detail?.reason)).toEqual(["disabled"]);
  });

  it("stores an unknown account's email only as a keyed hash", async () => {
    await signIn(new CookieJar(), { email: "Nobody@Example.com", password: "whatever-it-is" });
    const events = await eventsOf({ emailHash: hashEmail("nobody@example.com") });
    expect(events.map((event) => event.detail?.reason)).toEqual(["unknown_account"]);
    expect(JSON.stringify(await eventsOf({}))).not.toMatch(/nobody@example\.com/i);
  });

  it("records a password change on the new device session, never the password", async () => {
    const user = await createTestUser();
    const jar = new CookieJar();
    await signIn(jar, { email: user.email, password: user.password });
    const newPassword = "Another-Passphrase-2026";
    const res = await callRoute(passwordRoute, {
      method: "POST",
      jar,
      json: { currentPassword: user.password, newPassword },
      headers: { origin: APP_ORIGIN },
    });
    expect(res.status).toBe(204);
    const changed = (await eventsOf({ userId: user._id, type: "password.changed" }))[0];
    expect(String(changed?.deviceSessionId)).toBe((await getSession(jar))?.deviceSessionId);
    expect(JSON.stringify(await eventsOf({ userId: user._id }))).not.toContain(newPassword);
  });
});
