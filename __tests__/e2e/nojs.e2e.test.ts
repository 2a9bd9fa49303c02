import type { BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { launchBrowser, type TestBrowser } from "./helpers/browser";

/**
 * Sign-up and sign-in in a browser with JavaScript turned off, against the
 * production build: the forms post themselves (NextAuth's credentials
 * callback, the sign-up API), the pages render their messages on the server,
 * and no URL the browser visits or keeps in its history holds a password.
 */

let server: AppServer;
let browser: TestBrowser;
/** Every URL any no-JS page requested (redirect hops included) and every history entry, checked at the end. */
const seenUrls: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchBrowser({ baseUrl: server.baseUrl });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** A new visitor with JavaScript disabled (a context of its own: no cookies). */
async function noJsPage(): Promise<Page> {
  const context = await browser.browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on("request", (request) => seenUrls.push(request.url()));
  return page;
}

/** The page's session history, as the browser keeps it (Back and Forward go there). */
async function recordHistory(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { entries } = await cdp.send("Page.getNavigationHistory");
  seenUrls.push(...entries.map((entry) => entry.url));
  await cdp.detach();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/nojs-${name}.png`, fullPage: true });
}

const person = { name: "Hedy Lamarr", email: "hedy.nojs@example.com", password: "Frequency-Hopping-1942" };
const shortPassword = "short77";
const wrongPassword = "Not-Her-Password-99";

test("without JavaScript: sign up, land on the callbackUrl signed in, then a wrong and a right sign-in", async () => {
  const page = await noJsPage();

  await page.goto("/settings");
  expect(new URL(page.url()).pathname).toBe("/auth/signin");
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.waitForURL("**/auth/signup?callbackUrl=%2Fsettings");

  // An invalid password: the server sends the form back with the rules next to the field.
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(shortPassword);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/auth/signup?error=VALIDATION_FAILED**");
  const password = page.getByLabel("Password");
  expect(await password.getAttribute("aria-invalid")).toBe("true");
  await page.getByText(/Choose another password: 8 to 72 characters/).waitFor();
  await shoot(page, "01-signup-invalid-password");

  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await password.fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/settings/profile");
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await page.getByTestId("header-user").getByText(person.name).waitFor();
  await shoot(page, "02-settings-after-signup");
  await recordHistory(page);

  // The same email again: the form comes back saying so.
  const second = await noJsPage();
  await second.goto("/auth/signup");
  await second.getByLabel("Name").fill("Someone Else");
  await second.getByLabel("Email").fill(person.email);
  await second.getByLabel("Password").fill(person.password);
  await second.getByRole("button", { name: "Create account" }).click();
  await second.waitForURL("**/auth/signup?error=EMAIL_TAKEN**");
  await second.getByText("An account with this email already exists. Sign in instead").waitFor();
  await shoot(second, "03-signup-email-taken");
  await recordHistory(second);
});

test("without JavaScript: a wrong password shows the message on the sign-in page; the right one signs in", async () => {
  const page = await noJsPage();
  await page.goto("/auth/signin?callbackUrl=%2Fsettings");
  // The header knows nobody is signed in without asking from the browser.
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign up" }).waitFor();
  await shoot(page, "04-signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(wrongPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/auth/signin?error=INVALID_CREDENTIALS&callbackUrl=%2Fsettings");
  await page.getByRole("alert").getByText("Invalid email or password").waitFor();
  await shoot(page, "05-signin-wrong-password");

  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/settings/profile");
  await page.getByTestId("header-user").getByText(person.email).waitFor();
  await shoot(page, "06-settings-after-signin");

  await page.goto("/");
  await shoot(page, "07-home-signed-in-without-js");
  await recordHistory(page);
});

test("no URL visited or kept in history held a password", () => {
  expect(seenUrls.length).toBeGreaterThan(10);
  for (const secret of [person.password, shortPassword, wrongPassword]) {
    const leaks = seenUrls.filter((url) => url.includes(secret) || decodeURIComponent(url).includes(secret));
    expect(leaks).toEqual([]);
  }
  expect(seenUrls.some((url) => url.includes("/api/auth/callback/credentials"))).toBe(true);
  expect(seenUrls.some((url) => url.includes("/api/auth/signup"))).toBe(true);
});
