/** @jest-environment-options {"env": {"REQUIRE_ADMIN_TWO_FACTOR": "true"}} */
import * as listPage from "@/pages/admin";
import * as requiredPage from "@/pages/admin/two-step-required";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as usersRoute from "@/pages/api/admin/users";
import * as meRoute from "@/pages/api/user/me";
import { APP_ORIGIN, CookieJar, signedInUser } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { renderPage } from "../../../helpers/pages";
import { addPasskey } from "../../../helpers/passkeys";
import { enableTotp } from "../../../helpers/two-factor";

/**
 * REQUIRE_ADMIN_TWO_FACTOR=true: an admin with neither an authenticator app
 * nor a passkey is sent from every admin page to one that says what to set up,
 * and the admin API answers 403 TWO_FACTOR_SETUP_REQUIRED, until they have one.
 */

type ErrorAnswer = { error?: { code: string } };

function listUsers(jar: CookieJar) {
  return callRoute<ErrorAnswer>(usersRoute, { jar });
}


describe("an admin without a second factor", () => {
  it("gets 403 TWO_FACTOR_SETUP_REQUIRED from the admin API", async () => {
    const { jar } = await signedInUser({ role: "admin" });
    const res = await listUsers(jar);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("TWO_FACTOR_SETUP_REQUIRED");
  });

  it("is sent from an admin page to the page that says so, which links to Settings → Security", async () => {
    const { jar } = await signedInUser({ role: "admin" });
    const page = await renderPage(listPage, "/admin", jar);
    expect(page.redirect).toBe("/admin/two-step-required");

    const required = await renderPage(requiredPage, "/admin/two-step-required", jar);
    expect(required.status).toBe(403);
    expect(required.html).toContain("Set up two-step verification to use the admin console");
    expect(required.html).toContain('href="/settings/security"');
  });

  it("reaches the console once the authenticator app is on", async () => {
    const { user, jar } = await signedInUser({ role: "admin" });
    await enableTotp(user.id, user.email);
    expect((await listUsers(jar)).status).toBe(200);
    const page = await renderPage(listPage, "/admin", jar);
    expect(page.redirect).toBeNull();
    expect(page.html).toContain("<h1>Users</h1>");
    // Nothing left to set up: the explanation page leads back to the console.
    expect((await renderPage(requiredPage, "/admin/two-step-required", jar)).redirect).toBe("/admin");
  });

  it("reaches the console with a passkey alone", async () => {
    const { jar } = await signedInUser({ role: "admin" });
    await addPasskey(jar);
    expect((await listUsers(jar)).status).toBe(200);
  });
});

describe("everyone else", () => {
  it("an ordinary user gets the usual 403 and is sent to /unauthorized, also from the explanation page", async () => {
    const { jar } = await signedInUser();
    expect((await listUsers(jar)).body.error?.code).toBe("FORBIDDEN");
    expect((await renderPage(listPage, "/admin", jar)).redirect).toBe("/unauthorized");
    expect((await renderPage(requiredPage, "/admin/two-step-required", jar)).redirect).toBe("/unauthorized");
  });

  it("a view-as session is the viewed user's: their pages work, the admin console is not theirs", async () => {
    const { user: admin, jar } = await signedInUser({ role: "admin" });
    await enableTotp(admin.id, admin.email);
    const { user } = await signedInUser();
    const started = await callRoute(impersonateRoute, { method: "POST", jar, params: { id: user.id }, headers: { origin: APP_ORIGIN } });
    expect(started.status).toBe(200);
    expect((await callRoute(meRoute, { jar })).status).toBe(200);
    expect((await listUsers(jar)).body.error?.code).toBe("FORBIDDEN");
  });
});
