import { MongoClient } from "mongodb";
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
  await page.waitForURL((url) => url.pathname === "/");
  const state = await page.context().storageState();
  await page.close();
  return state;
}

/**
 * Marks the account with this email as verified, straight in the app's
 * database: for tests about something else (storing keys, generating) that
 * need a verified account without walking the verification flow each time.
 */
export async function markEmailVerified(server: { databaseUri: string }, email: string): Promise<void> {
  const client = new MongoClient(server.databaseUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { matchedCount } = await client
      .db()
      .collection("users")
      .updateOne({ email: email.toLowerCase() }, { $set: { emailVerified: new Date() } });
    if (matchedCount !== 1) throw new Error(`no account with the email ${email}`);
  } finally {
    await client.close();
  }
}
