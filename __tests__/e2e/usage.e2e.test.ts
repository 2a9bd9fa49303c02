import type { Page } from "playwright-core";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { markEmailVerified, signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot, type Layout } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Tokens and cost in a real browser against the production build and the
 * Together stub, at a phone and a desktop width in both themes: while the
 * first token is awaited the seconds count up, the line under the answer
 * then gives its tokens (the stub's usage chunk) with the cost unknown (no
 * price in the catalog), and Settings → Generation shows the chart, the
 * table of every day and the totals per model.
 */

const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });
const app = appInBrowserForThisFile({ env: appEnv });

const person = { name: "Grace Usage", email: "grace.usage@example.com", password: "Token-Counting-2026" };
const togetherKey = "tgp_v1_usageKey-0123456789abcdefXYZ";
let signedIn: SignedInState;

beforeAll(async () => {
  stub.acceptKeys(togetherKey);
  signedIn = await signUpThroughTheForm(app, person);
  await markEmailVerified(app.server, person.email);
  const page = await app.newPage({ storageState: signedIn });
  const saved = await page.request.post("/api/user/api-keys", { data: { togetherAI: togetherKey }, headers: { origin: app.server.baseUrl } });
  expect(saved.status()).toBe(200);
  await page.close();
}, 120_000);

function pageIn(layout: Layout): Promise<Page> {
  return app.newPage({ storageState: signedIn, viewport: { width: layout.width, height: 844 }, colorScheme: layout.theme });
}

describe.each(PHONE_AND_DESKTOP_LAYOUTS)("at $width px, $theme", (layout) => {
  const name = `${layout.width}-${layout.theme}`;

  test("generate: the seconds count while waiting, then tokens and cost under the answer", async () => {
    const page = await pageIn(layout);
    let release = () => {};
    stub.enqueue({ kind: "stream", chunks: ["```ts\nconst sum = (a: number, b: number) => a + b;\n```\n"], holdLast: new Promise<void>((resolve) => (release = resolve)) });
    await page.goto("/generate");
    await page.getByLabel("Describe the code you want").fill("A sum function");
    await page.getByRole("button", { name: "Generate", exact: true }).click();

    const answer = page.getByRole("region", { name: "Answer" });
    await answer.getByText("Waiting for the first token…").waitFor();
    await answer.getByTestId("elapsed-timer").getByText("1 s", { exact: true }).waitFor();
    await saveScreenshot(page, `usage-waiting-${name}`, { fullPage: false });
    release();

    const line = answer.getByTestId("usage-line");
    await line.getByText(/^42 tokens in · 7 out · .*first token after .* · cost unknown$/).waitFor();
    expect(await answer.getByTestId("elapsed-timer").count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `usage-answer-${name}`);
    await page.close();
  });

  test("Settings → Generation: the chart, every day in a table, and the totals per model", async () => {
    const page = await pageIn(layout);
    await page.goto("/settings/generation");
    const usage = page.getByRole("region", { name: "Usage" });
    const chart = usage.getByRole("img", { name: /Tokens per day, last 30 days/ });
    await chart.waitFor();
    // One generation more in each layout before this one.
    const generations = PHONE_AND_DESKTOP_LAYOUTS.indexOf(layout) + 1;
    expect(await chart.getAttribute("aria-labelledby")).toBe("usage-chart-title usage-chart-desc");
    expect(await usage.locator("#usage-chart-desc").textContent()).toContain(`${49 * generations} tokens`);

    const byModel = usage.getByTestId("usage-by-model");
    const row = byModel.getByRole("row").nth(1);
    expect((await row.getByRole("cell").allTextContents()).slice(0, 3)).toEqual([String(generations), String(42 * generations), String(7 * generations)]);
    expect(await row.getByRole("cell").nth(3).textContent()).toBe("unknown");

    await usage.getByText("Every day as a table").click();
    const days = usage.getByRole("table", { name: "Tokens and estimated cost per day" });
    expect(await days.getByRole("row").count()).toBe(31);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await contrastProblems(page)).toEqual([]);
    await saveScreenshot(page, `usage-settings-${name}`);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.close();
  });
});
