import { copyFile, readFile } from "node:fs/promises";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { markEmailVerified, signUpThroughTheForm } from "./helpers/accounts";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { PHONE_AND_DESKTOP_LAYOUTS, saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * /generate's Parameters panel and code answers in a real browser against
 * the production build and the stub Together AI server, at 390 and 1280 px
 * in both themes: a preset, a temperature and max tokens reach the
 * provider's request; an answer of bare code shows as a code block with
 * Copy and Download (the file named by the chosen language); "Save as my
 * default" brings the same values back on the next visit.
 */

const appEnv: Record<string, string> = {};
const stub = togetherStubForThisFile({ exportTo: appEnv, resetAfterEach: false });
const app = appInBrowserForThisFile({ env: appEnv });

const PASSWORD = "Parameters-Person-2026";
const togetherKey = "tgp_v1_stubKey-0123456789abcdefXYZ";
const BARE_CODE = 'def add(a, b):\n    """Adds two numbers."""\n    return a + b\n\n\nprint(add(1, 2))';

describe.each(PHONE_AND_DESKTOP_LAYOUTS)("at $width px, $theme", ({ width, theme }) => {
  test("a preset and a temperature reach the provider; bare code shows as a block with Copy and Download; the choice is saved", async () => {
    const email = `parameters.${width}.${theme}@example.com`;
    const state = await signUpThroughTheForm(app, { name: "Parameters Person", email, password: PASSWORD });
    await markEmailVerified(app.server, email);
    stub.acceptKeys(togetherKey);
    const page = await app.newPage({ storageState: state, viewport: { width, height: 900 }, colorScheme: theme });
    await page.goto("/generate");
    expect(
      await page.evaluate(async (key) => {
        const headers = { "Content-Type": "application/json", Accept: "application/json" };
        return (await fetch("/api/user/api-keys", { method: "POST", headers, body: JSON.stringify({ togetherAI: key }) })).status;
      }, togetherKey),
    ).toBe(200);
    await page.reload();

    const parameters = page.getByRole("group", { name: "Parameters" });
    await parameters.getByLabel("Instructions").selectOption("Only code");
    await parameters.getByText("Answer with the code only").waitFor();
    await parameters.getByLabel("Temperature", { exact: true }).fill("0.2");
    await parameters.getByLabel("Max tokens").fill("300");
    await page.getByLabel("Language").selectOption("python");
    await page.getByLabel("Describe the code you want").fill("Add two numbers");

    const before = stub.chatRequests().length;
    stub.enqueue({ kind: "stream", chunks: [BARE_CODE.slice(0, 20), BARE_CODE.slice(20)] });
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    const answer = page.getByRole("region", { name: "Answer" });
    await answer.getByText(/^Done/).waitFor();

    const request = stub.chatRequests()[before];
    expect(request?.body).toMatchObject({ temperature: 0.2, max_tokens: 300 });
    const system = (request?.body as { messages: { content: string }[] }).messages[0]?.content ?? "";
    expect(system).toContain("You are KeyForge's code assistant");
    expect(system).toContain("Answer with the code only");

    // The bare answer is one code block, its lines and indentation kept, tagged with the chosen language.
    const block = answer.locator("pre");
    await block.waitFor();
    expect((await block.textContent())?.trimEnd()).toBe(BARE_CODE);
    const [download] = await Promise.all([page.waitForEvent("download"), answer.getByRole("button", { name: "Download code as a .py file" }).click()]);
    expect(download.suggestedFilename()).toBe("keyforge-code.py");
    expect((await readFile(await download.path(), "utf8")).trimEnd()).toBe(BARE_CODE);
    await answer.getByRole("button", { name: "Copy code" }).waitFor();

    expect({ width, theme, overflow: await horizontalOverflow(page) }).toEqual({ width, theme, overflow: 0 });
    expect({ width, theme, problems: await contrastProblems(page) }).toEqual({ width, theme, problems: [] });
    await copyFile(await saveScreenshot(page, `generate-parameters-${width}-${theme}`), `/tmp/generate-parameters-${width}-${theme}.png`);

    // Saved on the server: the next visit starts from them.
    await parameters.getByRole("button", { name: "Save as my default" }).click();
    await parameters.getByText("Saved as your default.").waitFor();
    await page.reload();
    // The saved defaults are read in the browser after the page arrives.
    await page.waitForFunction(() => (document.getElementById("param-temperature") as HTMLInputElement | null)?.value === "0.2");
    expect(await page.getByLabel("Max tokens").inputValue()).toBe("300");
    expect(await page.getByLabel("Instructions").inputValue()).toBe("Only code");
    await page.close();
  });

  test("Settings → Generation: add, rename and delete a preset, refuse a taken name, choose the one Generate starts with", async () => {
    const email = `presets.${width}.${theme}@example.com`;
    const state = await signUpThroughTheForm(app, { name: "Presets Person", email, password: PASSWORD });
    const page = await app.newPage({ storageState: state, viewport: { width, height: 900 }, colorScheme: theme });
    await page.goto("/settings/generation");
    const section = page.locator("section", { has: page.locator("#presets-heading") });
    await section.getByText("None yet.").waitFor();

    // A built-in's name is taken: refused on the name field, nothing stored.
    await section.getByRole("button", { name: "Add a preset" }).click();
    await section.getByLabel("Name").fill("Only code");
    await section.getByLabel("Instructions", { exact: true }).fill("Just the code.");
    await section.getByRole("button", { name: "Add preset" }).click();
    await section.getByText("Give each preset a name of its own").waitFor();

    // Keyboard only: a new name, Tab past the instructions to the button, Enter.
    await section.getByLabel("Name").fill("Tests too");
    await section.getByLabel("Instructions", { exact: true }).fill("Add unit tests for the code.");
    await section.getByLabel("Instructions", { exact: true }).press("Tab");
    await page.keyboard.press("Enter");
    await section.getByText("Added Tests too.").waitFor();
    await section.getByLabel("Start with").selectOption("Tests too");
    await section.getByText("Saved: Generate starts with these instructions.").waitFor();
    expect({ width, theme, overflow: await horizontalOverflow(page) }).toEqual({ width, theme, overflow: 0 });
    expect({ width, theme, problems: await contrastProblems(page) }).toEqual({ width, theme, problems: [] });
    await copyFile(await saveScreenshot(page, `settings-presets-${width}-${theme}`), `/tmp/settings-presets-${width}-${theme}.png`);

    // Generate starts with it.
    await page.goto("/generate");
    await page.waitForFunction(() => (document.getElementById("param-preset") as HTMLSelectElement | null)?.value === "Tests too");

    await page.goto("/settings/generation");
    await section.getByRole("button", { name: "Edit Tests too" }).click();
    await section.getByLabel("Name").fill("Tests as well");
    await section.getByRole("button", { name: "Save Tests too" }).click();
    await section.getByText("Saved Tests as well.").waitFor();
    expect(await section.getByLabel("Start with").inputValue()).toBe("Tests as well");
    await section.getByRole("button", { name: "Delete Tests as well" }).click();
    await section.getByText("Deleted Tests as well.").waitFor();
    await section.getByText("None yet.").waitFor();
    expect(await section.getByLabel("Start with").inputValue()).toBe("");
    await page.close();
  });
});
