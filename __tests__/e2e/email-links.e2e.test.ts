import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient } from "mongodb";
import type { Page } from "playwright-core";
import { signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot, type Layout } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * The pages an emailed link opens, in a real browser against the production
 * build, with the link taken from the mail a real SMTP server received: the
 * reset form password managers understand, the sign-in after it, the words
 * for an unusable link with the button that sends a new one, and the way on
 * for someone signed in.
 */

// Several resets and resends from one address in one run: the mail limits must not be what a test meets.
const app = appInBrowserForThisFile({ env: { EMAIL_MAX_PER_IP_PER_HOUR: "200", EMAIL_MAX_PER_ADDRESS_PER_HOUR: "20" } });

const LAYOUTS = PHONE_AND_DESKTOP_LAYOUTS;

const RESET_SUBJECT = /^Reset your KeyForge password$/;

async function signUpThroughApi(person: { name: string; email: string; password: string }): Promise<void> {
  const response = await fetch(`${app.server.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.server.baseUrl },
    body: JSON.stringify(person),
  });
  expect(response.status).toBe(201);
}

async function askForReset(email: string): Promise<void> {
  const response = await fetch(`${app.server.baseUrl}/api/auth/forgot-password`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.server.baseUrl },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
}

/** The mails to `email` whose subject matches, once there are `count` of them (the test's timeout bounds the wait). */
async function mailsOnceThereAre(email: string, subject: RegExp, count: number) {
  const matching = () => app.server.mail.mailsTo(email).filter((mail) => subject.test(mail.subject));
  while (matching().length < count) await sleep(100);
  return matching();
}

/** The link to `pathname` in the `index`th mail (1-based) to `email` with that subject. */
async function linkInMail(email: string, subject: RegExp, pathname: string, index = 1): Promise<string> {
  const mail = (await mailsOnceThereAre(email, subject, index))[index - 1];
  const link = mail?.links.find((href) => new URL(href).pathname === pathname);
  if (!link) throw new Error(`no ${pathname} link in mail ${index} to ${email}`);
  return link;
}

/** Runs `work` on the app's database (set-up a person could not do from a browser: an aged link, history). */
async function inDatabase<T>(work: (db: ReturnType<MongoClient["db"]>) => Promise<T>): Promise<T> {
  const client = new MongoClient(app.server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await work(client.db());
  } finally {
    await client.close();
  }
}

async function pageAt(layout: Layout, storageState?: Awaited<ReturnType<typeof signUpThroughTheForm>>): Promise<Page> {
  const page = await app.newPage({ viewport: { width: layout.width, height: 900 }, colorScheme: layout.theme, storageState });
  await page.emulateMedia({ colorScheme: layout.theme });
  return page;
}

async function expectReadable(page: Page, what: string): Promise<void> {
  expect({ what, overflow: await horizontalOverflow(page), contrast: await contrastProblems(page) }).toEqual({ what, overflow: 0, contrast: [] });
}

describe.each(LAYOUTS)("at $width px, $theme", (layout) => {
  const tag = `${layout.width}-${layout.theme}`;

  test("reset from the mail's link: the form password managers understand, then signed in on a new device session", async () => {
    const person = { name: `Ada ${tag}`, email: `ada.links.${tag}@example.com`, password: "Analytical-Engine-1843" };
    const newPassword = "Difference-Engine-No-2";
    await signUpThroughApi(person);
    // Whoever created the account had saved two generations before its address was ever confirmed.
    await inDatabase(async (db) => {
      const user = await db.collection("users").findOne({ email: person.email });
      const text = { keyId: "k1", iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" };
      const generation = { userId: user?._id, model: "m", language: null, promptChars: 1, outputChars: 1, timeToFirstTokenMs: 1, durationMs: 1, outcome: "completed" };
      await db.collection("generations").insertMany([1, 2].map(() => ({ ...generation, createdAt: new Date(), prompt: text, output: text })));
    });
    await askForReset(person.email);
    const link = await linkInMail(person.email, RESET_SUBJECT, "/auth/reset-password");

    const page = await pageAt(layout);
    await page.goto(link);
    await page.locator("main").getByText(`For the KeyForge account ${person.email}.`).waitFor();
    const password = page.getByLabel("New password");
    expect(await password.getAttribute("autocomplete")).toBe("new-password");
    // The address rides in a username field password managers read: in the form, not display:none, out of the tab order.
    const username = page.locator('form input[name="username"]');
    const field = await username.evaluate((input: HTMLInputElement) => ({
      type: input.type,
      autocomplete: input.autocomplete,
      value: input.value,
      rendered: getComputedStyle(input).display !== "none" && getComputedStyle(input).visibility !== "hidden" && !input.hidden,
      tabIndex: input.tabIndex,
    }));
    expect(field).toEqual({ type: "email", autocomplete: "username", value: person.email, rendered: true, tabIndex: -1 });
    await password.fill(newPassword);
    await expectReadable(page, "reset form");
    await saveScreenshot(page, `email-links-reset-form-${tag}`);

    await password.press("Enter");
    const done = page.locator("#link-outcome");
    await done.getByText(`Password changed — you're signed in as ${person.email}.`).waitFor();
    await done.getByText("Because this address had never been confirmed, we removed the 2 saved generations").waitFor();
    // Focus moved to what replaced the form, and the header shows who is signed in now.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("link-outcome");
    // (On a phone the header shows the avatar and keeps the name for screen readers.)
    await page.getByTestId("header-user").getByText(person.name).waitFor({ state: "attached" });
    await expectReadable(page, "reset done");
    await saveScreenshot(page, `email-links-reset-done-${tag}`);

    // One device session: this browser's, made by the sign-in after the reset.
    const sessions = await page.evaluate(async () => (await (await fetch("/api/user/sessions")).json()) as { sessions: { current: boolean }[] });
    expect(sessions.sessions.map((session) => session.current)).toEqual([true]);
    await page.locator("main").getByRole("link", { name: "Go to Settings" }).click();
    await page.waitForURL("**/settings**");
    await page.getByText("This device").first().waitFor();
  });

  test("an expired link says so in a sentence and its button sends a new one; a used one says it was used", async () => {
    const person = { name: `Grace ${tag}`, email: `grace.links.${tag}@example.com`, password: "Compiler-A0-1952-cobol" };
    await signUpThroughApi(person);
    await askForReset(person.email);
    const link = await linkInMail(person.email, RESET_SUBJECT, "/auth/reset-password");
    await inDatabase((db) => db.collection("verificationTokens").updateMany({ purpose: "reset-password", email: person.email }, { $set: { expires: new Date(Date.now() - 1000) } }));

    const page = await pageAt(layout);
    await page.goto(link);
    const main = page.locator("main");
    await main.getByRole("alert").getByText(`This link has expired. It was sent to ${person.email}. Send a new one`).waitFor();
    expect(await main.textContent()).not.toMatch(/LINK_|EXPIRED|INVALID/);
    expect(await main.getByLabel("Email").inputValue()).toBe(person.email);
    await expectReadable(page, "expired link");
    await saveScreenshot(page, `email-links-expired-${tag}`);

    await main.getByRole("button", { name: "Send a new link" }).click();
    await main.getByRole("status").getByText("If an account uses that email, we sent it a link").waitFor();
    const fresh = await linkInMail(person.email, RESET_SUBJECT, "/auth/reset-password", 2);
    expect(fresh).not.toBe(link);

    // The new link works; once used, it says so.
    await page.goto(fresh);
    await page.getByLabel("New password").fill("Nanosecond-Wire-11.8-inches");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Password changed — you're signed in").waitFor();
    await page.goto(fresh);
    await main.getByRole("alert").getByText("This link was already used, or a newer one was sent").waitFor();
    await expectReadable(page, "used link");
  });

  test("someone signed in who opens a bad link is pointed back to Settings, never told to sign in", async () => {
    const person = { name: `Hedy ${tag}`, email: `hedy.links.${tag}@example.com`, password: "Frequency-Hopping-1942" };
    const signedIn = await signUpThroughTheForm(app, person);
    const page = await pageAt(layout, signedIn);
    for (const path of ["/auth/reset-password", "/auth/verify-email", "/auth/confirm-email", "/auth/revert-email-change"]) {
      await page.goto(`${path}?token=${"A".repeat(43)}`);
      const main = page.locator("main");
      await main.getByRole("alert").getByText("This link was already used, or a newer one was sent").waitFor();
      await main.getByRole("link", { name: "Back to Settings" }).waitFor();
      expect(await main.getByText(/sign in/i).count()).toBe(0);
      await expectReadable(page, path);
    }
    await saveScreenshot(page, `email-links-signed-in-bad-link-${tag}`);
    // A link cut short is told apart.
    await page.goto("/auth/verify-email?token=cut-short");
    await page.locator("main").getByText("This link is not valid: it may have been copied incompletely.").waitFor();
  });
});
