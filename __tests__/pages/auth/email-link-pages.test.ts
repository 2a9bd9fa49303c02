import * as resetPasswordRoute from "@/pages/api/auth/reset-password";
import * as confirmEmailPage from "@/pages/auth/confirm-email";
import * as resetPasswordPage from "@/pages/auth/reset-password";
import * as revertEmailChangePage from "@/pages/auth/revert-email-change";
import * as verifyEmailPage from "@/pages/auth/verify-email";
import { issueEmailLink } from "@/lib/email-tokens";
import type { EmailLinkPurpose } from "@/lib/email-tokens/shared";
import { APP_ORIGIN, CookieJar, signedInUser } from "../../helpers/auth";
import { callRoute } from "../../helpers/http";
import { renderPage, tagAttributes } from "../../helpers/pages";
import { createTestUser, rawCollection, usersCollection } from "../../helpers/users";

/**
 * The pages an emailed link opens, as the server renders them: each names the
 * account the link is for, opening one changes nothing, an unusable link is
 * explained in a plain sentence with the way to get a new one, and a
 * signed-in person is pointed back to Settings, never told to sign in.
 */

type PageModule = Parameters<typeof renderPage>[0];

const PAGES: Record<EmailLinkPurpose, { page: PageModule; path: string }> = {
  "reset-password": { page: resetPasswordPage, path: "/auth/reset-password" },
  "verify-email": { page: verifyEmailPage, path: "/auth/verify-email" },
  "change-email": { page: confirmEmailPage, path: "/auth/confirm-email" },
  "revert-email-change": { page: revertEmailChangePage, path: "/auth/revert-email-change" },
};
const PURPOSES = Object.keys(PAGES) as EmailLinkPurpose[];

/** A link of `purpose` for the user, as its mail would carry it; the change links are about a new address. */
async function linkFor(purpose: EmailLinkPurpose, user: { id: string; email: string }): Promise<string> {
  const about = purpose === "change-email" || purpose === "revert-email-change" ? { newEmail: `new-${user.email}` } : {};
  const { url } = await issueEmailLink(purpose, { userId: user.id, email: user.email, ...about });
  return new URL(url).searchParams.get("token")!;
}

function open(purpose: EmailLinkPurpose, token: string, jar = new CookieJar()) {
  const { page, path } = PAGES[purpose];
  return renderPage(page, `${path}?${new URLSearchParams({ token })}`, jar);
}

/** What is stored about links and accounts, to compare before and after opening a page. */
async function storedState() {
  const tokens = await (await rawCollection("verificationTokens")).find({}).sort({ _id: 1 }).toArray();
  const users = await (await usersCollection()).find({}).sort({ _id: 1 }).toArray();
  return JSON.stringify({ tokens, users });
}

async function expireLinksOf(userId: unknown) {
  await (await rawCollection("verificationTokens")).updateMany({ userId }, { $set: { expires: new Date(Date.now() - 1000) } });
}

const decode = (html: string) => html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

describe("opening an emailed link's page", () => {
  it.each(PURPOSES)("%s: names the account and changes nothing", async (purpose) => {
    const user = await createTestUser();
    const token = await linkFor(purpose, user);
    const before = await storedState();

    const page = await open(purpose, token);

    expect(page.redirect).toBeNull();
    expect(page.html).toContain(`<strong>${user.email}</strong>`);
    expect(await storedState()).toBe(before);
  });

  it("the reset page: a new-password field and the account's address in a username field password managers read", async () => {
    const user = await createTestUser();
    const token = await linkFor("reset-password", user);

    const { html } = await open("reset-password", token);

    // HTML attribute names are case-insensitive; React writes autoComplete.
    const attributesOf = (name: string) =>
      Object.fromEntries(Object.entries(tagAttributes(html, "input", `name="${name}"`) ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
    expect(attributesOf("password")).toMatchObject({ type: "password", autocomplete: "new-password" });
    const username = attributesOf("username");
    expect(username).toMatchObject({ type: "email", autocomplete: "username", value: user.email, tabindex: "-1", "aria-hidden": "true" });
    // Hidden from view by a class, not by display:none or the hidden attribute, which some password managers skip.
    expect(username).not.toHaveProperty("hidden");
    expect(username).not.toHaveProperty("style");
    expect(username.class).toMatch(/visuallyHidden/);
    // And the link still works: opening the page did not use it up.
    const reset = await callRoute(resetPasswordRoute, { method: "POST", json: { token, password: "Copper-Kettle-58-horizon" }, headers: { origin: APP_ORIGIN } });
    expect(reset.status).toBe(200);
  });
});

describe("an unusable link, in words", () => {
  it.each(["reset-password", "verify-email"] as const)("%s expired: says so, names the address and offers to send a new one there", async (purpose) => {
    const user = await createTestUser();
    const token = await linkFor(purpose, user);
    await expireLinksOf(user._id);
    const before = await storedState();

    const { html } = await open(purpose, token);

    expect(decode(html)).toContain(`This link has expired. It was sent to ${user.email}. Send a new one`);
    expect(tagAttributes(html, "input", 'name="email"')).toMatchObject({ type: "email", value: user.email });
    expect(html).toContain(">Send a new link</button>");
    expect(html).not.toMatch(/LINK_|_EXPIRED|_INVALID/);
    expect(await storedState()).toBe(before);
  });

  it.each(PURPOSES)("%s used or replaced: says it was already used", async (purpose) => {
    const user = await createTestUser();
    const first = await linkFor(purpose, user);
    if (purpose === "revert-email-change") await (await rawCollection("verificationTokens")).deleteMany({ userId: user._id });
    else await linkFor(purpose, user);

    const { html } = await open(purpose, first);

    expect(decode(html)).toContain("This link was already used, or a newer one was sent (only the newest one works).");
    expect(html).not.toMatch(/LINK_|_EXPIRED|_INVALID/);
  });

  it.each(PURPOSES)("%s cut short: says it may have been copied incompletely", async (purpose) => {
    const user = await createTestUser();
    const token = await linkFor(purpose, user);

    const { html } = await open(purpose, token.slice(0, 30));

    expect(html).toContain("This link is not valid: it may have been copied incompletely.");
    expect(html).not.toMatch(/LINK_|_EXPIRED|_INVALID/);
  });

  it.each(PURPOSES)("%s opened by someone signed in: the way on is Settings, never Sign in", async (purpose) => {
    const { user, jar } = await signedInUser();
    const token = await linkFor(purpose, user);
    await expireLinksOf(user._id);

    const { html } = await open(purpose, token, jar);

    expect(html).toMatch(/<a [^>]*href="\/settings[^"]*"[^>]*>Back to Settings<\/a>/);
    expect(html).not.toMatch(/>Sign in</);
    expect(html).not.toMatch(/Sign in,|Sign in and/);
  });

  it.each(PURPOSES)("%s opened by someone signed out: offers to sign in", async (purpose) => {
    const { html } = await open(purpose, "A".repeat(43));
    expect(html).toMatch(/>(Back to sign in|Sign in)<\/a>/);
  });
});
