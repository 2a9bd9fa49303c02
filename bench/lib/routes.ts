import { CONVERSATION_ID_HEADER, GENERATION_ID_HEADER } from "@/lib/generation/shared";
import type { TogetherStub } from "../../__tests__/helpers/together-stub";
import { signIn, type SignedInBrowser } from "./http";
import { BENCH_ADMIN_EMAIL, BENCH_PASSWORD } from "./seed";
import type { Server } from "./servers";

/**
 * Every signed-in GET route a page calls and every signed-in page, as
 * __tests__/performance/command-budgets.test.ts lists them (that test holds
 * their command budgets; the bench measures their cost), and the data the
 * bench user needs for each to show something: a stored Together AI key, a
 * generation and its conversation.
 */

export type RouteKind = "account" | "api" | "settings" | "page";

export interface BenchRoute {
  /** Stable key in latest.json. */
  key: string;
  /** The path as the table shows it (`[id]` for the stored one). */
  label: string;
  kind: RouteKind;
  /** Signed in as the seeded admin instead of the bench user. */
  admin?: boolean;
  /** The path requested, given the bench user's ids. */
  path(data: BenchUserData): string;
}

/** Ids of what the bench user has, for the routes with an `[id]`. */
export interface BenchUserData {
  generationId: string;
  conversationId: string;
}

/** components/settings/sections.ts's slugs (it imports React components, which this process cannot load). */
const SETTINGS_SLUGS = ["profile", "account", "security", "keys", "generation", "notifications", "data"];

const fixed = (kind: RouteKind, path: string): BenchRoute => ({ key: path, label: path, kind, path: () => path });

export const BENCH_ROUTES: BenchRoute[] = [
  ...["me", "email", "accounts", "api-keys", "preferences", "notices", "sessions", "activity", "passkeys", "two-factor", "usage"].map((name) =>
    fixed("account", `/api/user/${name}`),
  ),
  { key: "/api/user/usage/[id]", label: "/api/user/usage/[id]", kind: "account", path: (data) => `/api/user/usage/${data.generationId}` },
  fixed("account", "/api/user/generations"),
  { key: "/api/user/generations/[id]", label: "/api/user/generations/[id]", kind: "account", path: (data) => `/api/user/generations/${data.generationId}` },
  fixed("account", "/api/user/conversations"),
  { key: "/api/user/conversations/[id]", label: "/api/user/conversations/[id]", kind: "account", path: (data) => `/api/user/conversations/${data.conversationId}` },
  fixed("api", "/api/models"),
  fixed("page", "/"),
  ...SETTINGS_SLUGS.map((slug) => fixed("settings", `/settings/${slug}`)),
  fixed("page", "/generate"),
  { ...fixed("page", "/admin"), admin: true },
];

/** The key every bench run stores (the stub accepts it). */
const TOGETHER_KEY = "tgp_v1_BenchKey-0123456789abcdefXYZ";

/** A same-origin JSON POST as the app's own pages send it. */
async function post(server: Server, path: string, browser: SignedInBrowser, body: unknown): Promise<Response> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.baseUrl, cookie: browser.jar.header() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response;
}

/**
 * Gives `email` what every route shows, through the app's real API (the
 * vault encrypts the key with the app's ENCRYPTION_KEYS): a Together AI key,
 * checked against the stub as it is saved, and one generation, streamed from
 * the stub, which starts a conversation.
 */
export async function prepareBenchUser(app: Server, stub: TogetherStub, email: string): Promise<BenchUserData> {
  const browser = await signIn(app.baseUrl, email, BENCH_PASSWORD);
  stub.acceptKeys(TOGETHER_KEY);
  await post(app, "/api/user/api-keys", browser, { togetherAI: TOGETHER_KEY });
  const answer = await post(app, "/api/generate", browser, { prompt: "Write fizzbuzz in TypeScript" });
  await answer.arrayBuffer(); // the record is complete once the stream has ended
  const generationId = answer.headers.get(GENERATION_ID_HEADER);
  const conversationId = answer.headers.get(CONVERSATION_ID_HEADER);
  if (!generationId || !conversationId) throw new Error("POST /api/generate gave no generation or conversation id");
  return { generationId, conversationId };
}

/** Who requests `route`: the bench user, or the seeded admin. */
export function routeEmail(route: BenchRoute, userEmail: string): string {
  return route.admin ? BENCH_ADMIN_EMAIL : userEmail;
}
