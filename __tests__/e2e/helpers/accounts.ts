import { MongoClient, type Db } from "mongodb";
import type { BrowserContextOptions, Page } from "playwright-core";

/** A browser's cookies, to start new pages already signed in (`newPage({ storageState })`). */
export type SignedInState = BrowserContextOptions["storageState"];

interface NewPerson {
  name: string;
  email: string;
  password: string;
}

/** Signs `person` up through the sign-up form in a fresh browser and returns that browser's signed-in cookies. */
export async function signUpThroughTheForm(app: { newPage(): Promise<Page> }, person: NewPerson): Promise<SignedInState> {
  const page = await app.newPage();
  await page.goto("/auth/signup");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await skipEmailCode(page, "/");
  const state = await page.context().storageState();
  await page.close();
  return state;
}

/**
 * After the sign-up form: the "Check your email" step comes first; "Skip for
 * now" goes on to where the sign-up was headed (`path`), for tests about something else.
 */
export async function skipEmailCode(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === "/auth/check-email");
  await page.getByRole("link", { name: "Skip for now" }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Runs `work` on the app server's database, straight (past any proxy), on a connection of its own. */
export async function withAppDatabase<T>(server: { databaseUri: string }, work: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await work(client.db());
  } finally {
    await client.close();
  }
}

/**
 * Marks the account with this email as verified, straight in the app's
 * database: for tests about something else (storing keys, generating) that
 * need a verified account without walking the verification flow each time.
 */
export async function markEmailVerified(server: { databaseUri: string }, email: string): Promise<void> {
  const { matchedCount } = await withAppDatabase(server, (db) =>
    db.collection("users").updateOne({ email: email.toLowerCase() }, { $set: { emailVerified: new Date() } }),
  );
  if (matchedCount !== 1) throw new Error(`no account with the email ${email}`);
}

/**
 * A verified account with a saved Together AI key, for tests of generation:
 * signs up through the form, marks the email verified, and saves `togetherKey`
 * through the API from that browser (the key must be one the stub accepts).
 */
export async function signedUpWithTogetherKey(
  app: { newPage(options?: BrowserContextOptions): Promise<Page>; server: { databaseUri: string } },
  person: NewPerson,
  togetherKey: string,
): Promise<SignedInState> {
  const signedIn = await signUpThroughTheForm(app, person);
  await markEmailVerified(app.server, person.email);
  const page = await app.newPage({ storageState: signedIn });
  await page.goto("/settings");
  const status = await page.evaluate(async (key) => {
    const response = await fetch("/api/user/api-keys", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ togetherAI: key }),
    });
    return response.status;
  }, togetherKey);
  await page.close();
  if (status !== 200) throw new Error(`saving the Together AI key answered ${status}`);
  return signedIn;
}
