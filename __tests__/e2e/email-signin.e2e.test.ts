import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { markEmailVerified } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Sign-in by a link sent by email, in a real browser against the production
 * build, the link taken from the mail a real SMTP server received: asked for
 * on the sign-in page, "check your email", the link's page and its button,
 * then signed in where the sign-in was headed; also without JavaScript.
 */
const app = appInBrowserForThisFile({ env: { EMAIL_MAX_PER_IP_PER_HOUR: "200", EMAIL_MAX_PER_ADDRESS_PER_HOUR: "20" } });

const LAYOUTS = PHONE_AND_DESKTOP_LAYOUTS;

const SUBJECT = /^Your KeyForge sign-in link$/;

/** The landing-page link in the newest sign-in mail to `email` (the test's timeout bounds the wait). */
async function signInLinkFor(email: string): Promise<string> {
  const mails = () => app.server.mail.mailsTo(email).filter((mail) => SUBJECT.test(mail.subject));
  while (mails().length === 0) await sleep(100);
  const link = mails().at(-1)?.links.find((href) => new URL(href).pathname === "/auth/email-link");
  if (!link) throw new Error(`no /auth/email-link link in the mail to ${email}`);
  return link;
}

async function expectReadable(page: Page, what: string): Promise<void> {
  expect({ what, overflow: await horizontalOverflow(page), contrast: await contrastProblems(page) }).toEqual({ what, overflow: 0, contrast: [] });
}

/** On the sign-in page: types the address into the link form and sends it, with the keyboard. */
async function askForLink(page: Page, email: string): Promise<void> {
  await page.goto("/auth/signin?callbackUrl=%2Fsettings");
  const field = page.getByLabel("Send a sign-in link to");
  await field.fill(email);
  await field.press("Enter");
  await page.waitForURL((url) => url.pathname === "/auth/email-sent");
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
}

describe.each(LAYOUTS)("at $width px, $theme", (layout) => {
  const tag = `${layout.width}-${layout.theme}`;

  test("asks for a link on the sign-in page, opens it from the mail, and signs in with the page's button, landing where the sign-in was headed (Settings)", async () => {
    const person = { name: `Hedy ${tag}`, email: `hedy.link.${tag}@example.com`, password: "Frequency-Hopping-1942" };
    const signup = await fetch(`${app.server.baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.server.baseUrl },
      body: JSON.stringify(person),
    });
    expect(signup.status).toBe(201);
    await markEmailVerified(app.server, person.email);

    const page = await app.newPage({ viewport: { width: layout.width, height: 900 }, colorScheme: layout.theme });
    await page.emulateMedia({ colorScheme: layout.theme });
    await page.goto("/auth/signin");
    await page.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    await expectReadable(page, "sign-in page");
    await saveScreenshot(page, `email-signin-signin-${tag}`);

    // A wrong address is caught before anything is sent.
    await page.getByLabel("Send a sign-in link to").fill("not-an-address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByText("Enter a valid email address, like name@example.com").waitFor();
    expect(new URL(page.url()).pathname).toBe("/auth/signin");

    await askForLink(page, person.email);
    await expectReadable(page, "check your email");
    await saveScreenshot(page, `email-signin-sent-${tag}`);

    await page.goto(await signInLinkFor(person.email));
    await page.getByRole("heading", { name: "Sign in with your link" }).waitFor();
    await page.locator("main").getByText(person.email).waitFor();
    await expectReadable(page, "link page");
    await saveScreenshot(page, `email-signin-landing-${tag}`);
    // Opening the page signed no one in.
    expect(((await (await page.request.get("/api/auth/session")).json()) as { user?: unknown }).user).toBeUndefined();

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/settings/"));
    await page.getByTestId("header-user").getByText(person.name).waitFor({ state: "attached" });
    await page.close();
  });
});

test("without JavaScript, a new address asks for a link, and its page's button signs up and in", async () => {
  const email = "nojs.link.newcomer@example.com";
  const page = await app.newPage({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false });
  await askForLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/settings/"));
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email: string; emailVerified: boolean } };
  expect(session.user).toMatchObject({ email, emailVerified: true });
  await page.close();
});
