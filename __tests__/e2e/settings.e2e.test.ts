import type { Locator, Page } from "playwright-core";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { markEmailVerified, skipEmailCode } from "./helpers/accounts";
import { saveScreenshot } from "./helpers/browser";

/**
 * Settings' sections in a real browser against the production build: the API
 * key vault (never showing a key back), the profile reaching the header
 * without a reload, device sessions, the password change that ends them, and
 * the security activity that lists all of it. The tests share one account and
 * run in order. (How the pages of Settings fit together:
 * settings-sections.e2e.test.ts.)
 */

const app = appInBrowserForThisFile();

const person = { name: "Grace Hopper", email: "grace.settings@example.com", password: "Compiler-Pioneer-1952" };
/** The password the password test changes to. */
const newPassword = "Nanoseconds-11.8-inches";
const togetherKey = "sk-test-1234567890abcdefghijWXYZ";
/** The vault's mask: the first 8 characters, an ellipsis, the last 4. */
const togetherKeyMasked = "sk-test-…WXYZ";

/** Signs in through the form, landing on the page of Settings named `section`. */
async function signIn(page: Page, section: string, password = person.password) {
  await page.goto(`/auth/signin?callbackUrl=%2Fsettings%2F${section}`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`**/settings/${section}`);
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
}

function apiKeyRow(page: Page, label: string): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: label, exact: true }) });
}

/** One card per signed-in device in the Active sessions list. */
function sessionRows(page: Page): Locator {
  return page.getByRole("region", { name: "Active sessions" }).getByRole("listitem");
}

/** Waits until focus is on the element with this id or this text (focus moves after React commits). */
async function waitForFocus(page: Page, target: { id: string } | { text: string }) {
  await page.waitForFunction((expected) => {
    const active = document.activeElement;
    return "id" in expected ? active?.id === expected.id : active?.textContent === expected.text;
  }, target);
}

/** The server re-checks a session at most once per SESSION_REVALIDATE_SECONDS (1 s in these tests). */
async function waitForRevalidation(page: Page) {
  await page.waitForTimeout(1_100);
}

test("API keys: add one with the keyboard, see it masked after a reload, then remove it", async () => {
  const page = await app.newPage();
  await page.goto("/auth/signup?callbackUrl=%2Fsettings%2Fkeys");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await skipEmailCode(page, "/settings/keys");
  // Storing a key needs a verified address; this test is about the vault.
  await markEmailVerified(app.server, person.email);

  const row = apiKeyRow(page, "Together AI");
  await row.getByText("Not set").waitFor();
  await saveScreenshot(page, "settings-01-loaded");

  // Keyboard only: Enter opens the field (and focuses it), typing and Enter save.
  const addButton = row.getByRole("button", { name: "Add Together AI key" });
  await addButton.focus();
  await page.keyboard.press("Enter");
  const input = row.getByLabel("Together AI key", { exact: true });
  await input.waitFor();
  await waitForFocus(page, { id: "api-key-togetherAI" });
  expect(await input.getAttribute("type")).toBe("password");
  expect(await input.getAttribute("autocomplete")).toBe("off");

  // The browser applies the API's schema first: a key with a space never leaves the page.
  await page.keyboard.type("sk-test with-a-space");
  await page.keyboard.press("Enter");
  await row.getByText("A key has no spaces or line breaks; check what you pasted").waitFor();
  expect(await input.getAttribute("aria-invalid")).toBe("true");
  await saveScreenshot(page, "settings-02-key-field-error");

  await input.fill("");
  await page.keyboard.type(togetherKey);
  await page.keyboard.press("Enter");
  await row.getByText(togetherKeyMasked).waitFor();
  // Saving checks the key; no Together AI answers in this test (its address refuses), so it is saved unchecked.
  await row.getByText("Couldn't reach Together AI — saved, not yet checked.").waitFor();
  await row.getByText(/^Updated /).waitFor();
  await waitForFocus(page, { text: "Replace Together AI key" });
  expect(await page.content()).not.toContain(togetherKey);
  await saveScreenshot(page, "settings-03-key-saved");

  // Escape closes the field and focus returns to the button that opened it.
  await page.keyboard.press("Enter");
  const replacement = row.getByLabel("New Together AI key");
  await replacement.waitFor();
  await page.keyboard.press("Escape");
  await replacement.waitFor({ state: "detached" });
  await waitForFocus(page, { text: "Replace Together AI key" });

  await page.reload();
  await row.getByText(togetherKeyMasked).waitFor();
  expect(await page.content()).not.toContain(togetherKey);
  const vault = await page.request.get("/api/user/api-keys");
  expect(await vault.text()).not.toContain(togetherKey);
  await saveScreenshot(page, "settings-04-key-after-reload");
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, "settings-04-key-after-reload-narrow");
  await page.setViewportSize({ width: 1280, height: 720 });

  await row.getByRole("button", { name: "Remove Together AI key" }).click();
  const confirm = row.getByRole("group", { name: /Remove your Together AI key\?/ });
  await confirm.waitFor();
  await waitForFocus(page, { text: "Keep it" });
  await saveScreenshot(page, "settings-05-key-remove-confirm");
  await confirm.getByRole("button", { name: "Remove key" }).click();
  await row.getByText("Not set").waitFor();
  await row.getByText("Together AI key removed.").waitFor();
  await waitForFocus(page, { text: "Add Together AI key" });
  await saveScreenshot(page, "settings-06-key-removed");

  await page.reload();
  await row.getByText("Not set").waitFor();
});

test("Profile: a new name shows in the header without a reload; an http picture is refused", async () => {
  const page = await app.newPage();
  await signIn(page, "profile");
  // A marker that a full page load would wipe out.
  await page.evaluate(() => document.body.setAttribute("data-same-document", "yes"));

  const header = page.getByTestId("header-user");
  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByLabel("Picture URL").fill("http://example.com/grace.png");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("Use an https:// link to an image").waitFor();
  await waitForFocus(page, { id: "field-image" });

  await profile.getByLabel("Picture URL").fill("");
  await profile.getByLabel("Name").fill("Grace Brewster Hopper");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("Profile saved.").waitFor();
  await waitForFocus(page, { text: "Save profile" });
  await header.getByText("Grace Brewster Hopper").waitFor();
  expect(await page.evaluate(() => document.body.getAttribute("data-same-document"))).toBe("yes");
  await saveScreenshot(page, "settings-07-profile-saved");

  await page.reload();
  await header.getByText("Grace Brewster Hopper").waitFor();
  expect(await page.getByLabel("Name").inputValue()).toBe("Grace Brewster Hopper");

  // A picture that cannot load is previewed as such before saving, and the header falls back to the initials.
  await profile.getByLabel("Picture URL").fill("https://127.0.0.1:9/grace.png");
  await profile.getByText("This image could not be loaded; your initials will be shown instead.").waitFor();
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("Profile saved.").waitFor();
  await header.getByText("GB", { exact: true }).waitFor();
  expect(await header.locator("img").count()).toBe(0);
  await page.reload();
  await header.getByText("GB", { exact: true }).waitFor();
  await profile.getByLabel("Picture URL").fill("");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await profile.getByText("Profile saved.").waitFor();
});

test("Active sessions: sign out every other device, then one that signs in again", async () => {
  const here = await app.newPage();
  await signIn(here, "security");
  const sessions = here.getByRole("region", { name: "Active sessions" });

  // The earlier tests' browsers are still signed in.
  await sessions.getByText("This device").waitFor();
  expect(await sessionRows(here).count()).toBeGreaterThan(1);
  await sessions.getByRole("button", { name: "Sign out of all other devices" }).click();
  await sessions.getByText(/^Signed out \d+ other devices?\.$/).waitFor();
  await sessions.getByText("No other devices are signed in.").waitFor();
  expect(await sessionRows(here).count()).toBe(1);

  const elsewhere = await app.newPage();
  await signIn(elsewhere, "security");
  await here.reload();
  await sessions.getByText("This device").waitFor();
  expect(await sessionRows(here).count()).toBe(2);
  expect(await sessions.getByText("This device").count()).toBe(1);
  await saveScreenshot(here, "settings-08-sessions-two-devices");

  // On a phone the devices are cards, and the other device's Sign out is on screen without scrolling sideways.
  const other = sessionRows(here).filter({ hasNot: here.getByText("This device") });
  await here.setViewportSize({ width: 390, height: 800 });
  await other.getByText("Active now").waitFor();
  const signOutBox = await other.getByRole("button", { name: /^Sign out / }).boundingBox();
  expect(signOutBox && signOutBox.x >= 0 && signOutBox.x + signOutBox.width <= 390).toBe(true);
  await saveScreenshot(here, "settings-08-sessions-two-devices-390");

  await other.getByRole("button", { name: /^Sign out / }).click();
  await sessions.getByText("No other devices are signed in.").waitFor();
  expect(await sessionRows(here).count()).toBe(1);
  await waitForFocus(here, { id: "sessions-heading" });
  await saveScreenshot(here, "settings-09-sessions-other-signed-out");

  await waitForRevalidation(elsewhere);
  await elsewhere.goto("/settings");
  await elsewhere.waitForURL("**/auth/signin**");
});

test("Password: a wrong current password is shown at its field; a change signs out the other devices", async () => {
  const here = await app.newPage();
  const elsewhere = await app.newPage();
  await signIn(elsewhere, "account");
  await signIn(here, "account");
  const password = here.getByRole("region", { name: "Password" });

  await password.getByLabel("Current password").fill("not-my-password");
  await password.getByLabel("New password").fill(newPassword);
  await password.getByRole("button", { name: "Change password" }).click();
  await password.getByText("Your current password is incorrect").waitFor();
  await waitForFocus(here, { id: "field-currentPassword" });
  await saveScreenshot(here, "settings-10-password-wrong-current");

  await password.getByLabel("Current password").fill(person.password);
  await password.getByRole("button", { name: "Change password" }).click();
  await password.getByText("Password changed. Other devices have been signed out.").waitFor();
  await waitForFocus(here, { text: "Change password" });
  expect(await password.getByLabel("New password").inputValue()).toBe("");
  await saveScreenshot(here, "settings-11-password-changed");

  // This device stays signed in past the next revalidation; the other one does not.
  await waitForRevalidation(here);
  await here.goto("/settings/security");
  await here.getByTestId("header-user").waitFor();
  await here.getByRole("region", { name: "Active sessions" }).getByText("No other devices are signed in.").waitFor();
  await elsewhere.goto("/settings");
  await elsewhere.waitForURL("**/auth/signin**");
  await signIn(elsewhere, "account", newPassword);
});

test("Security activity: the earlier tests' changes in plain words, by day, at 320 and 1280 px", async () => {
  const page = await app.newPage();
  await signIn(page, "security", newPassword);
  const activity = page.getByRole("region", { name: "Security activity" });
  const today = activity.getByRole("list", { name: "Today" });
  await today.waitFor();
  expect(await activity.getByRole("heading", { level: 3, name: "Today" }).count()).toBe(1);
  for (const words of [
    "Signed out another device",
    /^Signed out \d+ other devices?/,
    "Removed the Together AI key",
    "Added a Together AI key",
    "Created the account",
  ]) {
    await today.getByRole("listitem").filter({ hasText: words }).first().waitFor();
  }
  const signup = today.getByRole("listitem").filter({ hasText: "Created the account" });
  expect(await signup.textContent()).toMatch(/^Created the account from \S.* on \S.*, (just now|\d+ minutes? ago)/);
  expect(await signup.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(await signup.locator("time").getAttribute("title")).toBeTruthy();
  expect(await page.content()).not.toContain(togetherKey);
  await saveScreenshot(page, "settings-12-security-activity");
  await activity.screenshot({ path: "/tmp/audit-activity-1280.png" });

  await page.setViewportSize({ width: 320, height: 800 });
  await activity.scrollIntoViewIfNeeded();
  await activity.screenshot({ path: "/tmp/audit-activity-320.png" });
  const overflow = await activity.evaluate((section) => section.scrollWidth - section.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
