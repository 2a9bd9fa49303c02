import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { saveScreenshot } from "./helpers/browser";

/** Smoke test: the production build serves the home page and reaches its database. */

const app = appInBrowserForThisFile();

test("the home page shows the landing page's headline", async () => {
  const page = await app.newPage();
  await page.goto("/");

  const heading = page.getByRole("heading", { level: 1 });
  await heading.waitFor({ state: "visible" });
  expect(await heading.textContent()).toBe("Keep your AI keys safe, and write code with them");
  await saveScreenshot(page, "home");
});

test("the health check reports the database up", async () => {
  const response = await fetch(`${app.server.baseUrl}/api/health`);

  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "up" });
});
