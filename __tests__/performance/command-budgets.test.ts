/** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "600"}} */
import type { GetServerSidePropsContext } from "next";
import * as adminUsersRoute from "@/pages/api/admin/users";
import * as modelsRoute from "@/pages/api/models";
import * as accountsRoute from "@/pages/api/user/accounts";
import * as activityRoute from "@/pages/api/user/activity";
import * as apiKeysRoute from "@/pages/api/user/api-keys";
import * as conversationsRoute from "@/pages/api/user/conversations";
import * as conversationRoute from "@/pages/api/user/conversations/[id]";
import * as emailRoute from "@/pages/api/user/email";
import * as generationsRoute from "@/pages/api/user/generations";
import * as generationRoute from "@/pages/api/user/generations/[id]";
import * as meRoute from "@/pages/api/user/me";
import * as noticesRoute from "@/pages/api/user/notices";
import * as passkeysRoute from "@/pages/api/user/passkeys";
import * as preferencesRoute from "@/pages/api/user/preferences";
import * as sessionsRoute from "@/pages/api/user/sessions";
import * as twoFactorRoute from "@/pages/api/user/two-factor";
import * as usageRoute from "@/pages/api/user/usage";
import * as usageOneRoute from "@/pages/api/user/usage/[id]";
import * as adminPage from "@/pages/admin";
import * as generatePage from "@/pages/generate";
import * as homePage from "@/pages/index";
import * as sectionPage from "@/pages/settings/[section]";

// The answer's Markdown renderer ships only as ES modules, which jest cannot require; no answer is rendered here.
jest.mock("react-markdown", () => ({ __esModule: true, default: () => null }));
jest.mock("rehype-highlight", () => ({ __esModule: true, default: () => undefined }));
import { SETTINGS_PAGES } from "@/components/settings/sections";
import { APP_ORIGIN, CookieJar, getSession, signedInUser, signIn } from "../helpers/auth";
import { commandsDuring, describeCommand, type SentCommand } from "../helpers/db-commands";
import { generate, saveTogetherKey } from "../helpers/generation";
import { callRoute } from "../helpers/http";
import { renderPage } from "../helpers/pages";
import { addPasskey } from "../helpers/passkeys";
import { togetherStubForThisFile } from "../helpers/together-stub";
import { createTestUser, rawCollection } from "../helpers/users";

/**
 * Database commands per signed-in route and page, after the session check
 * (inside the revalidation interval it sends none: database-commands.test.ts):
 * each route reads each kind of document it shows once, with one command, and
 * a change that adds a command fails here with the route's name. The
 * benchmark (`npm run bench`) measures the same routes' cost in CPU.
 */

const stub = togetherStubForThisFile();

/** A person with something in every section: a key, a conversation, a passkey, a second device. */
let person: { jar: CookieJar; generationId: string; conversationId: string };

beforeAll(async () => {
  const { user, jar } = await signedInUser({ name: "Budget Person" });
  await saveTogetherKey(jar);
  stub.enqueue({ kind: "stream", chunks: ["one"], finishReason: "stop" });
  const answered = await generate(jar, { prompt: "Write fizzbuzz" });
  await addPasskey(jar);
  await signIn(new CookieJar(), { email: user.email, password: user.password });
  await getSession(jar);
  person = { jar, generationId: answered.headers.get("x-generation-id") ?? "", conversationId: answered.headers.get("x-conversation-id") ?? "" };
});

interface Budget {
  name: string;
  request: () => Promise<{ status: number }>;
  /** The commands it may send, as `find users`: one per kind of document it shows. */
  allowed: string[];
}

const get = (route: Parameters<typeof callRoute>[0], params?: () => Record<string, string>) => () =>
  callRoute(route, { jar: person.jar, ...(params ? { params: params() } : {}) });

const ROUTES: Budget[] = [
  { name: "GET /api/user/me", request: get(meRoute), allowed: ["find users"] },
  { name: "GET /api/user/email", request: get(emailRoute), allowed: ["find users", "find verificationTokens"] },
  { name: "GET /api/user/accounts", request: get(accountsRoute), allowed: ["find users", "find accounts"] },
  { name: "GET /api/user/api-keys", request: get(apiKeysRoute), allowed: ["find users"] },
  { name: "GET /api/user/preferences", request: get(preferencesRoute), allowed: ["find users"] },
  { name: "GET /api/user/notices", request: get(noticesRoute), allowed: ["find users"] },
  { name: "GET /api/user/sessions", request: get(sessionsRoute), allowed: ["find sessions"] },
  { name: "GET /api/user/activity", request: get(activityRoute), allowed: ["find authEvents"] },
  { name: "GET /api/user/passkeys", request: get(passkeysRoute), allowed: ["find passkeys"] },
  { name: "GET /api/user/two-factor", request: get(twoFactorRoute), allowed: ["find twoFactors", "aggregate recoveryCodes", "find passkeys"] },
  { name: "GET /api/user/usage", request: get(usageRoute), allowed: ["find generations"] },
  { name: "GET /api/user/usage/[id]", request: get(usageOneRoute, () => ({ id: person.generationId })), allowed: ["find generations"] },
  { name: "GET /api/user/generations", request: get(generationsRoute), allowed: ["find generations"] },
  { name: "GET /api/user/generations/[id]", request: get(generationRoute, () => ({ id: person.generationId })), allowed: ["find generations"] },
  { name: "GET /api/user/conversations", request: get(conversationsRoute), allowed: ["find conversations", "find generations"] },
  {
    name: "GET /api/user/conversations/[id]",
    request: get(conversationRoute, () => ({ id: person.conversationId })),
    allowed: ["find conversations", "find generations"],
  },
  { name: "GET /api/models", request: get(modelsRoute), allowed: ["find users"] },
];

/** Settings' pages as Next runs them: the section comes from the route's params (which renderPage does not set). */
const settingsPage = {
  getServerSideProps: (ctx: GetServerSidePropsContext) =>
    sectionPage.getServerSideProps({ ...ctx, params: { section: new URL(ctx.resolvedUrl, APP_ORIGIN).pathname.split("/")[2] ?? "" } }),
  default: sectionPage.default,
};

/** Each Settings page reads each kind of document it shows once. */
const SETTINGS_KINDS: Record<(typeof SETTINGS_PAGES)[number]["slug"], string[]> = {
  profile: ["find users"],
  account: ["find users", "find verificationTokens", "find accounts"],
  security: ["find twoFactors", "aggregate recoveryCodes", "find passkeys", "find sessions", "find authEvents"],
  keys: ["find users"],
  generation: ["find users", "find generations"],
  notifications: ["find users"],
  data: ["find users"],
};

const PAGES: Budget[] = [
  ...SETTINGS_PAGES.map(({ slug }) => ({
    name: `/settings/${slug}`,
    request: () => renderPage(settingsPage, `/settings/${slug}`, person.jar).then(() => ({ status: 200 })),
    allowed: SETTINGS_KINDS[slug],
  })),
  // The user (emailVerified and the key's mask), whether a code was ever generated, the recent generations.
  { name: "/ (signed in)", request: () => renderPage(homePage, "/", person.jar).then(() => ({ status: 200 })), allowed: ["find users", "find generations", "find generations"] },
  // The user (the key's mask and a held prompt), the conversations, their latest turns.
  {
    name: "/generate",
    request: () => renderPage(generatePage, "/generate", person.jar).then(() => ({ status: 200 })),
    allowed: ["find users", "find conversations", "find generations"],
  },
];

/** What `sent` has beyond `allowed` (each allowed command used at most once). */
function overBudget(sent: SentCommand[], allowed: string[]): string[] {
  const left = [...allowed];
  return sent.map(describeCommand).filter((command) => {
    const at = left.indexOf(command);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

/** Every command the budgets below saw, for the query-shape checks at the end. */
const seen: SentCommand[] = [];

async function measured({ request }: Budget): Promise<SentCommand[]> {
  // Once before: a first call may create indexes or fill a process cache.
  expect((await request()).status).toBe(200);
  let status = 0;
  const sent = await commandsDuring(async () => void ({ status } = await request()));
  expect(status).toBe(200);
  seen.push(...sent);
  return sent;
}

describe("each signed-in route reads each kind of document it shows once", () => {
  it.each(ROUTES)("$name sends at most: $allowed", async (budget) => {
    expect(overBudget(await measured(budget), budget.allowed)).toEqual([]);
  });
});

describe("each signed-in page renders with at most one read per kind of document it shows", () => {
  it.each(PAGES)("$name sends at most: $allowed", async (budget) => {
    expect(overBudget(await measured(budget), budget.allowed)).toEqual([]);
  });
});

describe("the admin list", () => {
  async function listPage(jar: CookieJar): Promise<SentCommand[]> {
    return measured({ name: "/admin", request: () => renderPage(adminPage, "/admin", jar).then(() => ({ status: 200 })), allowed: [] });
  }

  it("renders with two commands (the count and the page), whatever the number of rows", async () => {
    const admin = await signedInUser({ role: "admin" });
    const few = await listPage(admin.jar);
    // More rows, half of them with a linked account.
    for (let more = 0; more < 6; more += 1) {
      const user = await createTestUser();
      if (more % 2 === 0) await (await rawCollection("accounts")).insertOne({ userId: user._id, type: "oauth", provider: "github", providerAccountId: `gh-${user.id}` });
    }
    await createTestUser();
    const many = await listPage(admin.jar);
    expect(many.map(describeCommand)).toEqual(few.map(describeCommand));
    expect(many.length).toBeLessThanOrEqual(2);
    const api = await commandsDuring(() => callRoute(adminUsersRoute, { jar: admin.jar }));
    expect(api.length).toBeLessThanOrEqual(2);
  });
});

describe("query shapes", () => {
  /** The top-level keys of a filter. */
  const keysOf = (filter: unknown) => (typeof filter === "object" && filter !== null ? Object.keys(filter) : []);

  it("no route wraps its filter in $and or $or (a key inside one is lost to FerretDB's pushdown), and none counts", () => {
    expect(seen.length).toBeGreaterThan(ROUTES.length);
    const wrapped = seen.filter((command) => keysOf(command.filter).some((key) => key === "$and" || key === "$or")).map(describeCommand);
    expect(wrapped).toEqual([]);
    expect(seen.filter((command) => command.name === "count").map(describeCommand)).toEqual([]);
  });
});
