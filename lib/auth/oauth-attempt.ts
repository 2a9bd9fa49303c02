import "#server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { ProviderIdentity } from "./providers";

/**
 * One OAuth callback as it goes through NextAuth, and what each step of it
 * has established for the steps after it. NextAuth v4 (4.24:
 * core/routes/callback.js, then core/lib/callback-handler.js) handles a
 * provider's callback in this order, and each step here names its transition:
 *
 * 1. our route (lib/auth/handler.ts) checks the browser's session:
 *    `runOAuthCallback(signedIn, …)` starts the attempt;
 * 2. NextAuth exchanges the code, calls adapter.getUserByAccount, then the
 *    signIn callback (lib/auth/linking.ts), which applies the linking rules:
 *    `recordIdentity(identity)`;
 * 3. for an allowed sign-in, the adapter (lib/auth/adapter.ts):
 *    getUser (the session's user), getUserByAccount again, and, when the
 *    provider account is not linked yet, either linkAccount to the signed-in
 *    user, or getUserByEmail, createUser (`recordCreated()`, a new account
 *    only) and linkAccount (`recordLinked()`);
 * 4. the jwt callback (lib/auth/callbacks.ts) reads the attempt: which device
 *    session the token gets, and whether this was a connect or a sign-up;
 * 5. events.signIn, which reads nothing of it.
 */

/** A session this browser already had, checked live (lib/auth/handler.ts). */
export interface LiveSession {
  userId: string;
  deviceSessionId: string;
  authTime: number;
  /** On an admin's view-as session: the admin's id. Such a session may look, never sign in or connect anything. */
  viewedBy?: string;
}

interface OAuthAttempt {
  /** Signed in already: the callback connects a provider (or re-authenticates) instead of signing in. */
  signedIn: LiveSession | null;
  identity?: ProviderIdentity;
  /** The adapter linked the identity during this request. */
  linked?: boolean;
  /** The adapter created the account during this request (a sign-up: no notices about it). */
  created?: boolean;
}

const attempts = new AsyncLocalStorage<OAuthAttempt>();

/** Runs NextAuth's handling of an OAuth callback (`work`) as one attempt, from a browser signed in as `signedIn` (or not). */
export function runOAuthCallback<T>(signedIn: LiveSession | null, work: () => T): T {
  return attempts.run({ signedIn }, work);
}

/** The OAuth callback being handled, as far as it has got; undefined outside one (a password sign-in, a session read). */
export function oauthAttempt(): Readonly<OAuthAttempt> | undefined {
  return attempts.getStore();
}

/** Step 2: the provider's identity, as the signIn callback read it. */
export function recordIdentity(identity: ProviderIdentity): void {
  const attempt = attempts.getStore();
  if (attempt) attempt.identity = identity;
}

/** Step 3: the adapter created the account (a sign-up). */
export function recordCreated(): void {
  const attempt = attempts.getStore();
  if (attempt) attempt.created = true;
}

/** Step 3: the adapter linked the identity to the account. */
export function recordLinked(): void {
  const attempt = attempts.getStore();
  if (attempt) attempt.linked = true;
}
