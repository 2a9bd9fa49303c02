import { NextRequest } from "next/server";
import * as generatePage from "@/pages/generate";
import { proxy } from "@/proxy";

// The answer's Markdown renderer ships only as ES modules, which jest cannot require; no answer is rendered here.
jest.mock("react-markdown", () => ({ __esModule: true, default: () => null }));
jest.mock("rehype-highlight", () => ({ __esModule: true, default: () => undefined }));
import * as impersonateRoute from "@/pages/api/admin/users/[id]/impersonate";
import { APP_ORIGIN, signedInUser, type CookieJar } from "../helpers/auth";
import { commandsDuring, describeCommand } from "../helpers/db-commands";
import { saveTogetherKey } from "../helpers/generation";
import { callRoute } from "../helpers/http";
import { renderPage } from "../helpers/pages";
import { usersCollection } from "../helpers/users";

/**
 * The start page's prompt box posts to /generate (a form, not a prompt in
 * the URL): the page holds the prompt for the person and answers 303 back to
 * /generate, whose GET takes it once and starts it. A cross-site post starts
 * nothing; bad or oversized input gets a clear error.
 */

const PROMPT = "A TypeScript debounce helper, with tests";

/** A signed-in user with a verified email (storing a key needs one). */
async function verifiedUser() {
  const signedIn = await signedInUser();
  await (await usersCollection()).updateOne({ _id: signedIn.user._id }, { $set: { emailVerified: new Date() } });
  return signedIn;
}

function postPrompt(jar: CookieJar, body: string, headers: Record<string, string> = {}) {
  return renderPage(generatePage, "/generate", jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: APP_ORIGIN, "sec-fetch-site": "same-origin", ...headers },
    body,
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function storedUser(userId: unknown) {
  return (await usersCollection()).findOne({ _id: userId as never });
}

describe("posting the start page's prompt to /generate", () => {
  it("holds it encrypted and redirects (303) to /generate, which takes it once and starts it", async () => {
    const { user, jar } = await verifiedUser();
    await saveTogetherKey(jar);

    const posted = await postPrompt(jar, form({ prompt: PROMPT }));
    expect(posted).toMatchObject({ redirect: "/generate", redirectStatus: 303 });
    const held = (await storedUser(user._id))?.pendingPrompt;
    expect(held).toEqual({ keyId: "k1", iv: expect.any(String), data: expect.any(String), tag: expect.any(String), expiresAt: expect.any(Date) });
    expect(JSON.stringify(held)).not.toContain("debounce");

    const arrived = await renderPage(generatePage, "/generate", jar);
    expect(arrived.props).toMatchObject({ initialPrompt: PROMPT, autoStart: true, postError: null });
    expect(arrived.html).toContain(PROMPT);
    expect((await storedUser(user._id))?.pendingPrompt).toBeUndefined();

    // Taken once: a reload neither brings it back nor starts it again.
    const reloaded = await renderPage(generatePage, "/generate", jar);
    expect(reloaded.props).toMatchObject({ initialPrompt: null, autoStart: false });
  });

  it("without a key yet: shows it and keeps it held until a key is stored ('Generate now' comes back for it)", async () => {
    const { user, jar } = await verifiedUser();
    await postPrompt(jar, form({ prompt: PROMPT }));

    const withoutKey = await renderPage(generatePage, "/generate", jar);
    expect(withoutKey.props).toMatchObject({ initialPrompt: PROMPT, autoStart: false });
    expect((await storedUser(user._id))?.pendingPrompt).toBeDefined();

    await saveTogetherKey(jar);
    const withKey = await renderPage(generatePage, "/generate", jar);
    expect(withKey.props).toMatchObject({ initialPrompt: PROMPT, autoStart: true });
    expect((await renderPage(generatePage, "/generate", jar)).props).toMatchObject({ initialPrompt: null });
  });

  it("tabs loading /generate at once: exactly one of them gets it", async () => {
    const { jar } = await verifiedUser();
    await saveTogetherKey(jar);
    // Several rounds, as a race shows only now and then.
    for (let round = 0; round < 5; round += 1) {
      await postPrompt(jar, form({ prompt: `${PROMPT} (${round})` }));
      const loads = await Promise.all([1, 2, 3, 4].map(() => renderPage(generatePage, "/generate", jar)));
      expect({ round, tabsGivenIt: loads.filter((load) => load.props?.initialPrompt === `${PROMPT} (${round})`).length }).toEqual({ round, tabsGivenIt: 1 });
    }
  });

  it("a newer post replaces the held prompt; an expired one is never handed out", async () => {
    const { user, jar } = await verifiedUser();
    await saveTogetherKey(jar);
    await postPrompt(jar, form({ prompt: "first" }));
    await postPrompt(jar, form({ prompt: "second" }));
    expect((await renderPage(generatePage, "/generate", jar)).props).toMatchObject({ initialPrompt: "second" });

    await postPrompt(jar, form({ prompt: PROMPT }));
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { "pendingPrompt.expiresAt": new Date(Date.now() - 1000) } });
    expect((await renderPage(generatePage, "/generate", jar)).props).toMatchObject({ initialPrompt: null, autoStart: false });
    expect((await storedUser(user._id))?.pendingPrompt).toBeUndefined();
  });

  it("reads the user once as it loads (the key's mask and the held prompt), and writes only when a prompt is held", async () => {
    const { jar } = await verifiedUser();
    await saveTogetherKey(jar);
    // The first load fills this process's copy of the models on offer.
    await renderPage(generatePage, "/generate", jar);
    const quiet = (await commandsDuring(() => renderPage(generatePage, "/generate", jar))).map(describeCommand);
    expect(quiet.filter((command) => command.endsWith(" users"))).toEqual(["find users"]);
    expect(quiet.filter((command) => !command.startsWith("find "))).toEqual([]);

    await postPrompt(jar, form({ prompt: PROMPT }));
    let props: Record<string, unknown> | null = null;
    const taking = (await commandsDuring(async () => void ({ props } = await renderPage(generatePage, "/generate", jar)))).map(describeCommand);
    expect(props).toMatchObject({ initialPrompt: PROMPT, autoStart: true });
    // The claim, and the one update that removes it (the rate limiter may also sweep its expired entries).
    expect(taking.filter((command) => !command.startsWith("find ") && command !== "delete rateLimits")).toEqual(["insert rateLimits", "update users"]);
  });

  it("an admin viewing as the person neither sees nor takes their held prompt", async () => {
    const { user, jar } = await verifiedUser();
    await saveTogetherKey(jar);
    await postPrompt(jar, form({ prompt: PROMPT }));
    const { jar: adminJar } = await signedInUser({ role: "admin" });
    const started = await callRoute(impersonateRoute, { method: "POST", jar: adminJar, params: { id: user.id }, headers: { origin: APP_ORIGIN } });
    expect(started.status).toBe(200);

    const viewed = await renderPage(generatePage, "/generate", adminJar);
    expect(viewed.props).toMatchObject({ initialPrompt: null, autoStart: false });
    expect(viewed.html).not.toContain(PROMPT);
    expect((await storedUser(user._id))?.pendingPrompt).toBeDefined();
    expect((await renderPage(generatePage, "/generate", jar)).props).toMatchObject({ initialPrompt: PROMPT, autoStart: true });
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: cross-site alone", { origin: "", "sec-fetch-site": "cross-site" }],
  ])("refuses a cross-site post (%s) with 403: nothing is held or started", async (_label, headers) => {
    const { user, jar } = await verifiedUser();
    await saveTogetherKey(jar);
    const clean = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ""));
    const posted = await postPrompt(jar, form({ prompt: PROMPT }), clean);
    expect(posted.redirect).toBeNull();
    expect(posted.status).toBe(403);
    expect(posted.props).toMatchObject({ initialPrompt: null, autoStart: false });
    expect(posted.html).toContain("Nothing was started. This form was sent from another site.");
    expect((await storedUser(user._id))?.pendingPrompt).toBeUndefined();
  });

  it.each([
    ["an empty prompt", form({ prompt: "   " }), 400, "Describe the code you want"],
    ["no prompt field", form({ other: "x" }), 400, "Describe the code you want"],
    ["a prompt over 8,000 characters", form({ prompt: "x".repeat(8001) }), 400, "Use at most 8,000 characters"],
    ["a body over the form's limit", form({ prompt: "😀".repeat(9000) }), 413, "That prompt is too long. Use at most 8,000 characters."],
  ])("%s gets its status and says why, holding nothing", async (_label, body, status, message) => {
    const { user, jar } = await verifiedUser();
    const posted = await postPrompt(jar, body);
    expect(posted.status).toBe(status);
    expect(posted.html).toContain(`Nothing was started. ${message}`);
    expect(posted.html).toContain('role="alert"');
    expect((await storedUser(user._id))?.pendingPrompt).toBeUndefined();
  });

  it("refuses a body that is not a form (415), and sends a signed-out post to sign in with a 303", async () => {
    const { jar } = await verifiedUser();
    const json = await postPrompt(jar, JSON.stringify({ prompt: PROMPT }), { "content-type": "application/json" });
    expect(json.status).toBe(415);
    expect(json.html).toContain("Send your prompt with the start page");

    const { CookieJar } = await import("../helpers/auth");
    const signedOut = await postPrompt(new CookieJar(), form({ prompt: PROMPT }));
    expect(signedOut).toMatchObject({ redirect: "/auth/signin?callbackUrl=%2Fgenerate", redirectStatus: 303 });
    // The proxy's early redirect says the same: 303, so the browser does not post the prompt again to the sign-in page.
    const early = await proxy(new NextRequest(`${APP_ORIGIN}/generate`, { method: "POST" }));
    expect(early.status).toBe(303);
    expect(new URL(early.headers.get("location") ?? "").pathname).toBe("/auth/signin");
    expect((await proxy(new NextRequest(`${APP_ORIGIN}/generate`))).status).toBe(307);
  });
});
