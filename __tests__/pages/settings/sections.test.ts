/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "60"}} */
import type { GetServerSidePropsContext } from "next";
import { SETTINGS_PAGES } from "@/components/settings/sections";
import { preloadAccountReads } from "@/lib/account-reads";
import { ACCOUNT_READ_URLS, type AccountRead } from "@/lib/account-reads/shared";
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import * as sectionPage from "@/pages/settings/[section]";
import * as settingsIndex from "@/pages/settings";
import { APP_ORIGIN, CookieJar, getSession, signedInUser } from "../../helpers/auth";
import { commandsDuring } from "../../helpers/db-commands";
import { callRoute } from "../../helpers/http";
import { renderPage } from "../../helpers/pages";

/**
 * Settings in pages: `/settings/<section>` renders on the server with its own
 * sections only, reading only what they show; `/settings` leads to the first;
 * signed out goes to sign-in and back; an unknown name is 404; and an admin
 * viewing as the user sees every control disabled, with the reason.
 */

/** Each page's sections, by the id of their heading. */
const HEADINGS = {
  profile: ["profile-heading"],
  account: ["email-heading", "password-heading", "connected-accounts-heading"],
  security: ["two-step-heading", "sessions-heading", "activity-heading"],
  keys: ["api-keys-heading"],
  generation: ["usage-heading", "history-settings-heading"],
  notifications: ["notices-heading"],
  data: ["data-export-heading", "delete-account-heading"],
} as const;
const EVERY_HEADING = Object.values(HEADINGS).flat();

/**
 * The section page as Next runs it: the section comes from the route's
 * params (which renderPage, made for query-only pages, does not set).
 */
const settings = {
  getServerSideProps: (ctx: GetServerSidePropsContext) =>
    sectionPage.getServerSideProps({ ...ctx, params: { section: new URL(ctx.resolvedUrl, APP_ORIGIN).pathname.split("/")[2] ?? "" } }),
  default: sectionPage.default,
};

const ALL_READS = Object.keys(ACCOUNT_READ_URLS) as AccountRead[];

describe("the pages of Settings", () => {
  it.each(SETTINGS_PAGES.map(({ slug }) => slug))("/settings/%s shows its own sections and no other", async (slug) => {
    const { jar } = await signedInUser({ name: "Sam Sections" });

    const page = await renderPage(settings, `/settings/${slug}`, jar);

    expect(page.redirect).toBeNull();
    const shown = EVERY_HEADING.filter((id) => page.html.includes(`id="${id}"`));
    expect(shown).toEqual(HEADINGS[slug]);
    expect(page.html).toMatch(/<h1>Settings<\/h1>/);
    expect(page.html).toMatch(new RegExp(`<a (?=[^>]*aria-current="page")[^>]*href="/settings/${slug}"`));
    expect(page.html.match(/aria-current="page"/g)).toHaveLength(1);
    // Rendered from the server's answers: no section is left loading.
    expect(page.html).not.toContain("Loading");
    expect(page.html).not.toContain("<fieldset disabled");
  });

  // The reads of the user a page makes go out as one query (the data door batches them), and a read another's answer holds is not sent.
  it("each reads only what its sections show: fewer database commands than one page reading every account read", async () => {
    const { jar } = await signedInUser();
    const session = await getSession(jar);
    if (!session) throw new Error("not signed in");
    const singlePage = await commandsDuring(() => preloadAccountReads(session, ALL_READS));
    const sent: Record<string, number> = {};
    for (const { slug } of SETTINGS_PAGES) sent[slug] = (await commandsDuring(() => renderPage(settings, `/settings/${slug}`, jar))).length;

    expect(Object.fromEntries(SETTINGS_PAGES.map(({ slug, reads }) => [slug, [...reads]]))).toEqual({
      profile: ["me"],
      account: ["email", "me", "connectedAccounts"],
      security: ["twoFactor", "passkeys", "sessions", "activity"],
      keys: ["apiKeys"],
      generation: ["usage", "preferences"],
      notifications: ["notices"],
      data: ["me"],
    });
    expect({ singlePage: singlePage.length, ...sent }).toEqual({
      // One read of the user for all of them, then the usage report is one find (no generations: no model names to look up with the key).
      singlePage: 10,
      profile: 1,
      // The user, the pending change (verificationTokens), the linked providers (accounts).
      account: 3,
      // The second step and its recovery codes, the passkeys once, the devices, the activity.
      security: 5,
      keys: 1,
      generation: 2,
      notifications: 1,
      data: 1,
    });
  });

  it("/settings leads to the first page, Profile", async () => {
    const { jar } = await signedInUser();

    expect((await renderPage(settingsIndex, "/settings", jar)).redirect).toBe("/settings/profile");
  });

  it("signed out, a page sends the visitor to sign-in, to come back to it", async () => {
    const page = await renderPage(settings, "/settings/keys", new CookieJar());

    expect(page.redirect).toBe("/auth/signin?callbackUrl=%2Fsettings%2Fkeys");
  });

  it.each(["billing", "Profile", "__proto__", ""])("/settings/%s is not a page (404)", async (slug) => {
    const { jar } = await signedInUser();

    await expect(renderPage(settings, `/settings/${slug}`, jar)).rejects.toThrow("404");
  });
});

describe("viewing as the user", () => {
  it("every page says Settings are read-only and why, inside a disabled fieldset", async () => {
    const { jar: adminJar } = await signedInUser({ role: "admin", name: "Ada Admin" });
    const { user } = await signedInUser({ name: "Uma User" });
    const started = await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: { origin: APP_ORIGIN } });
    expect(started.status).toBe(200);

    for (const { slug } of SETTINGS_PAGES) {
      const { html } = await renderPage(settings, `/settings/${slug}`, adminJar);
      expect(html).toContain("Settings can only be changed by the account owner.");
      expect(html).toMatch(/you are viewing as (<!-- -->)?Uma User/);
      expect(html).toMatch(/<fieldset disabled="" [^>]*aria-describedby="view-as-read-only"/);
      // Every section is inside it; the navigation between pages is not.
      const fieldset = html.slice(html.indexOf("<fieldset"));
      for (const id of HEADINGS[slug]) expect(fieldset).toContain(`id="${id}"`);
      expect(fieldset).not.toContain('aria-label="Settings"');
    }
  });
});
