import type { Page } from "playwright-core";
import sharp from "sharp";
import { appInBrowserForThisFile } from "./helpers/app-in-browser";
import { signUpThroughTheForm, type SignedInState } from "./helpers/accounts";
import { saveScreenshot } from "./helpers/browser";
import { contrastProblems, horizontalOverflow } from "./helpers/page-checks";

/**
 * Uploading a profile picture in a real browser against the production build,
 * at a phone's and a laptop's width in both themes: the file input, the
 * square chooser worked from the keyboard, the header showing the new
 * picture without a reload (served by the app, within the CSP), the errors a
 * person can make, and Remove.
 */

const app = appInBrowserForThisFile();
const person = { name: "Ada Lovelace", email: "ada.avatar@example.com", password: "Analytical-Engine-1843" };
let signedIn: SignedInState;

beforeAll(async () => {
  signedIn = await signUpThroughTheForm(app, person);
});

/** A 640×400 photo-like picture: a gradient and a disc, so the crop and the preview show something. */
function picture(colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="640" height="400" fill="url(#g)"/><circle cx="420" cy="200" r="120" fill="${colour}"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

/** The header's picture, opening the menu first where the header folds it away (a phone). */
async function headerAvatarSource(page: Page): Promise<string | null> {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) {
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  }
  const image = page.getByTestId("header-user").locator("img");
  return (await image.count()) > 0 ? image.getAttribute("src") : null;
}

async function closeMenu(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) === "true") await menu.click();
}

const LAYOUTS = [
  { width: 1280, theme: "light" },
  { width: 390, theme: "dark" },
  { width: 390, theme: "light" },
  { width: 1280, theme: "dark" },
] as const;

test.each(LAYOUTS)("at $width px in the $theme theme: choose, crop from the keyboard, upload, see it in the header, remove", async ({ width, theme }) => {
  const page = await app.newPage({ storageState: signedIn, viewport: { width, height: 900 }, colorScheme: theme });
  await page.goto("/settings");
  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByLabel("Choose an image").waitFor();
  expect(await headerAvatarSource(page)).toBeNull();
  await closeMenu(page);

  await profile.getByLabel("Choose an image").setInputFiles({ name: "ada.jpg", mimeType: "image/jpeg", buffer: await picture("#16a34a") });
  const upload = profile.getByRole("button", { name: "Upload picture" });
  await upload.waitFor();
  await profile.getByRole("img", { name: "Preview of your new picture" }).waitFor();

  // Keyboard only: zoom in, move the square right, then upload.
  await profile.getByLabel("Zoom").focus();
  for (let step = 0; step < 10; step += 1) await page.keyboard.press("ArrowRight");
  expect(Number(await profile.getByLabel("Zoom").inputValue())).toBeCloseTo(1.5);
  await page.keyboard.press("Tab");
  await page.keyboard.press("End");
  expect(await profile.getByLabel("Left to right").inputValue()).toBe("1");
  expect({ width, theme, overflow: await horizontalOverflow(page) }).toEqual({ width, theme, overflow: 0 });
  expect({ width, theme, problems: await contrastProblems(page) }).toEqual({ width, theme, problems: [] });
  await saveScreenshot(page, `avatar-crop-${width}-${theme}`);

  await upload.focus();
  await page.keyboard.press("Enter");
  await profile.getByText("Picture uploaded.").waitFor();
  const removeButton = profile.getByRole("button", { name: "Remove uploaded picture" });
  // Focus stays where the action happened: on the button that now stands for the uploaded picture.
  await page.waitForFunction(() => document.activeElement?.textContent === "Remove uploaded picture");

  // The header shows the new picture at once, from the app, and it really loads.
  const source = await headerAvatarSource(page);
  expect(source).toMatch(/^\/api\/avatars\/[0-9a-f]{24}\?v=[0-9a-f]{16}$/);
  const headerImage = page.getByTestId("header-user").locator("img");
  await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await headerImage.elementHandle());
  expect(await headerImage.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeLessThanOrEqual(256);
  const served = await page.request.get(source ?? "");
  expect(served.headers()["content-type"]).toBe("image/webp");
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  // The profile's preview shows it too, and the link field stays empty (it is not a link to edit).
  expect(await profile.getByLabel("Picture URL").inputValue()).toBe("");
  expect({ width, theme, problems: await contrastProblems(page) }).toEqual({ width, theme, problems: [] });
  await saveScreenshot(page, `avatar-uploaded-${width}-${theme}`);
  await closeMenu(page);

  await removeButton.click();
  await profile.getByText("Picture removed.").waitFor();
  expect(await headerAvatarSource(page)).toBeNull();
  expect((await page.request.get(source ?? "")).status()).toBe(404);
  await page.close();
});

test("says clearly what is wrong with a file before sending it, and what the server refused", async () => {
  const page = await app.newPage({ storageState: signedIn, viewport: { width: 1280, height: 900 } });
  await page.goto("/settings");
  const profile = page.getByRole("region", { name: "Profile" });
  const input = profile.getByLabel("Choose an image");
  await input.waitFor();

  await input.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("these are notes, not a picture") });
  await profile.getByRole("alert").getByText("This file can't be read as an image: choose a PNG, JPEG or WebP picture.").waitFor();

  await input.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
  await profile.getByRole("alert").getByText("choose one of at most 5 MB", { exact: false }).waitFor();

  await input.setInputFiles({ name: "anim.gif", mimeType: "image/gif", buffer: await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } }).gif().toBuffer() });
  await profile.getByRole("alert").getByText("Choose a PNG, JPEG or WebP image.").waitFor();
  expect(await profile.getByRole("button", { name: "Upload picture" }).count()).toBe(0);

  // What the browser decodes but the server refuses (here: a picture over the server's pixel limit) is said as the server says it.
  const wide = await sharp({ create: { width: 6_100, height: 6_000, channels: 3, background: "#334155" } }).png({ compressionLevel: 9 }).toBuffer();
  await input.setInputFiles({ name: "panorama.png", mimeType: "image/png", buffer: wide });
  await profile.getByRole("button", { name: "Upload picture" }).click();
  await profile.getByRole("alert").getByText("This picture is too large: use one of at most 36 megapixels").waitFor();
  expect(await headerAvatarSource(page)).toBeNull();
  await page.close();
});
