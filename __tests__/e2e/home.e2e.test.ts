import { startAppServer, type AppServer } from "./helpers/app-server";
import { launchBrowser, saveScreenshot, type TestBrowser } from "./helpers/browser";

/** Smoke test: the production build serves the home page and reaches its database. */

let server: AppServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchBrowser({ baseUrl: server.baseUrl });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the home page shows the KeyForge heading", async () => {
  const page = await browser.newPage();
  await page.goto("/");

  const heading = page.getByRole("heading", { level: 1, name: "KeyForge" });
  await heading.waitFor({ state: "visible" });
  expect(await heading.textContent()).toBe("KeyForge");
  await saveScreenshot(page, "home");
});

test("the health check reports the database up", async () => {
  const response = await fetch(`${server.baseUrl}/api/health`);

  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "up" });
});
