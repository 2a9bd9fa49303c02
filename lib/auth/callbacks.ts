import "#server-only";
import type { Account, User as AuthUser, CallbacksOptions, Session } from "next-auth";
import type { ImpersonatorClaims, JWT } from "next-auth/jwt";
import { isOAuthProviderId, type SignInMethod } from "@/lib/accounts/shared";
import { recordAuthEvent } from "@/lib/audit";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { createDeviceSession, pastAbsoluteLifetime, revokeDeviceSession, touchDeviceSession } from "@/lib/sessions";
import { getUser, recordSignIn, toSessionUser, type SessionUser } from "@/lib/users";
import { lastSignInMethodCookie } from "./cookies";
import { rememberSignInDevice } from "./device-cookie";
import { oauthAttempt, type LiveSession } from "./oauth-attempt";
import { currentRequestContext } from "./request-context";
import { sameOriginUrl } from "./shared";

/**
 * Thrown by the `jwt` callback when a session must end (user disabled or gone,
 * `sessionVersion` bumped, device revoked, absolute lifetime over). NextAuth
 * answers it by clearing the session cookie, and `/api/auth/session` returns no user.
 */
class SessionEndedError extends Error {
  constructor(reason: string) {
    super(`Session ended: ${reason}`);
    this.name = "SessionEndedError";
  }
}

/** What the token knows about its device and its freshness. */
interface TokenState {
  deviceSessionId: string;
  authTime: number;
  checkedAt: number;
}

/** The session token for `user` on a device: `token`'s other claims kept, ours set from the user and `state`. */
export function tokenFor(token: Partial<JWT>, user: SessionUser, state: TokenState): JWT {
  return {
    ...token,
    sub: user.id,
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    picture: user.image,
    sessionVersion: user.sessionVersion,
    emailVerified: user.emailVerified,
    ...state,
  };
}

/**
 * At sign-in: the user as `authorize` just read it (credentials), or read
 * now (a provider's user, which carries none of our fields).
 */
async function signedInUser(user: AuthUser): Promise<SessionUser> {
  if (user.role && user.sessionVersion !== undefined) {
    return {
      id: user.id,
      role: user.role,
      name: user.name ?? null,
      email: user.email ?? null,
      image: user.image ?? null,
      sessionVersion: user.sessionVersion,
      // authorize's user says it as a boolean, the adapter's as a date.
      emailVerified: "emailVerified" in user && Boolean(user.email && user.emailVerified),
    };
  }
  const dbUser = await getUser(user.id);
  if (!dbUser || dbUser.disabledAt) throw new SessionEndedError("user unavailable at sign-in");
  return toSessionUser(dbUser);
}

/**
 * How this sign-in happened, in the audit trail's and the "Last used" mark's
 * words: the provider of an OAuth sign-in; for the Credentials providers (the
 * password, the second step, a passkey), what `authorize` said; a sign-in link, "email".
 */
function signInMethodOf(user: AuthUser, account: Account | null | undefined): SignInMethod {
  if (account?.type === "email") return "email";
  if (account && isOAuthProviderId(account.provider)) return account.provider;
  return user.signInMethod ?? "password";
}

/**
 * The device session and authentication time of a sign-in. A password sign-in
 * brings the device `authorize` opened. Over OAuth, a browser that was signed
 * in already keeps its device: connecting a provider changes nothing else,
 * while signing in again with a linked provider renews the authentication
 * time. Any other OAuth sign-in opens a new device session.
 */
async function signInDevice(user: AuthUser, method: SignInMethod, now: number, newAccount: boolean): Promise<Pick<TokenState, "deviceSessionId" | "authTime">> {
  if (user.deviceSessionId) return { deviceSessionId: user.deviceSessionId, authTime: now };
  const request = currentRequestContext();
  const attempt = oauthAttempt();
  const current = attempt?.signedIn;
  // The signIn callback refuses these; a token for the user on a view-as device must never be minted all the same.
  if (current?.viewedBy) throw new SessionEndedError("a view-as session cannot sign in");
  if (current && current.userId === user.id) {
    return { deviceSessionId: current.deviceSessionId, authTime: attempt?.linked ? current.authTime : now };
  }
  const deviceSessionId = (await createDeviceSession(user.id, request))._id.toString();
  await recordAuthEvent({ type: "signin.succeeded", userId: user.id, method, deviceSessionId, context: request });
  await recordSignIn(user.id, new Date(now));
  if (user.email) await rememberSignInDevice(request, { userId: user.id, email: user.email, method, newAccount: newAccount || Boolean(attempt?.created) });
  return { deviceSessionId, authTime: now };
}

/**
 * A view-as session also ends when the admin behind it may no longer use it:
 * no longer an admin, disabled, or signed out of their own session.
 */
async function assertImpersonatorStillAdmin(impersonator: ImpersonatorClaims): Promise<void> {
  const [admin, device] = await Promise.all([
    getUser(impersonator.id),
    touchDeviceSession(impersonator.deviceSessionId, impersonator.id, { authenticatedAt: new Date(impersonator.authTime) }),
  ]);
  if (!admin || admin.disabledAt || admin.role !== "admin" || !device) throw new SessionEndedError("viewing admin no longer allowed");
}

/**
 * Re-reads the user and the device: the token as they now allow it, or
 * SessionEndedError. A view-as device never outlives the view, and serves only
 * a token that carries the same admin: a token of the user's own on it (however
 * it was minted) would be a real session of theirs.
 */
async function revalidated(token: JWT, now: number): Promise<JWT> {
  const lifetime = {
    authenticatedAt: token.authTime === undefined ? undefined : new Date(token.authTime),
    endsBy: token.impersonator ? new Date(token.impersonator.endsAt) : undefined,
  };
  const [dbUser, device] = await Promise.all([getUser(token.id), touchDeviceSession(token.deviceSessionId, token.id, lifetime)]);
  if (!dbUser) throw new SessionEndedError("user deleted");
  if (dbUser.disabledAt) throw new SessionEndedError("user disabled");
  if (!device) throw new SessionEndedError("device session revoked or expired");
  if ((device.impersonatedBy?.toString() ?? null) !== (token.impersonator?.id ?? null)) throw new SessionEndedError("device and token disagree on view-as");
  if ((dbUser.sessionVersion ?? 0) !== token.sessionVersion) throw new SessionEndedError("signed out everywhere");
  if (token.impersonator) {
    // Never a view of another admin, even one promoted after the view began.
    if (dbUser.role === "admin") throw new SessionEndedError("viewed user became an admin");
    await assertImpersonatorStillAdmin(token.impersonator);
  }
  const authTime = token.authTime ?? device.createdAt.getTime();
  if (pastAbsoluteLifetime(authTime, now)) throw new SessionEndedError("absolute lifetime over");
  return tokenFor(token, toSessionUser(dbUser), { deviceSessionId: token.deviceSessionId, authTime, checkedAt: now });
}

/**
 * A signed-in token as this request may use it, or SessionEndedError:
 * - the session ends SESSION_ABSOLUTE_MAX_AGE after its authentication time,
 *   whatever the activity (NextAuth's own expiry is the idle limit,
 *   SESSION_MAX_AGE);
 * - the user and the device are re-read at most once per
 *   SESSION_REVALIDATE_SECONDS (or at once when `refresh` says so, as
 *   NextAuth's `update()` does), so role and profile changes show up and
 *   revocations take effect, while requests in between cost no database read
 *   and get the very token they brought (so its cookie need not be re-issued);
 * - a revalidation that fails (the database is down) is not a sign-out: the
 *   token stays as it was and the next request tries again.
 */
export async function currentToken(token: JWT, { refresh = false } = {}): Promise<JWT> {
  const now = Date.now();
  if (token.authTime !== undefined && pastAbsoluteLifetime(token.authTime, now)) {
    throw new SessionEndedError("absolute lifetime over");
  }
  if (token.impersonator && now >= token.impersonator.endsAt) {
    // The view's device goes with it (a failure here leaves it to expire: its expiry is the view's end).
    await revokeDeviceSession(token.deviceSessionId, token.id).catch(() => false);
    throw new SessionEndedError("view-as time over");
  }
  // A token from before authTime existed is revalidated at once, which dates it from its device session.
  const due = token.authTime === undefined || now - (token.checkedAt ?? 0) >= getEnv().SESSION_REVALIDATE_SECONDS * 1000;
  if (!due && !refresh) return token;
  try {
    return await revalidated(token, now);
  } catch (error) {
    if (error instanceof SessionEndedError) throw error;
    log.warn("session.revalidation_failed", { error: error instanceof Error ? error.name : "unknown" });
    return token;
  }
}

/**
 * The `jwt` callback. At sign-in it takes the user and device session as
 * `authorize` made them (OAuth: reads the user, and the device as
 * `signInDevice` says), stamps the authentication time and remembers the
 * method in this browser. Afterwards, `currentToken`.
 */
export const jwtCallback: CallbacksOptions["jwt"] = async ({ token, user, account, trigger }) => {
  if (!user) return currentToken(token, { refresh: trigger === "update" });
  const now = Date.now();
  const signedIn = await signedInUser(user);
  const method = signInMethodOf(user, account);
  // A sign-in link that created the account: its first device is no news to its owner.
  const device = await signInDevice(user, method, now, trigger === "signUp" && account?.type === "email");
  const attempt = oauthAttempt();
  // Connecting a provider from Settings is not how this browser signs in.
  const connecting = Boolean(attempt?.signedIn && attempt.linked);
  if (!connecting) currentRequestContext().setCookie(lastSignInMethodCookie(method));
  return tokenFor(token, signedIn, { ...device, checkedAt: now });
};

/**
 * When the person behind `token` last proved they are its user, as the
 * recent-sign-in checks see it. Never, on a view-as session: the admin proved
 * who they are, not that they are the user (its own `authTime` still dates the
 * session, for its lifetime).
 */
function authenticatedAsUserAt(token: JWT): number {
  return token.impersonator ? 0 : (token.authTime ?? 0);
}

/**
 * Exposes the id and role on `session.user`, this device's session id (to mark
 * it in the device list), the authentication time (for re-auth prompts) and,
 * on a view-as session, the admin behind it (for the banner). A view-as
 * session shows no picture: the user's link, loaded in the admin's browser,
 * would tell the user when and from where an admin looked.
 */
export const sessionCallback = ({ session, token }: { session: Pick<Session, "expires">; token: JWT }): Session => ({
  expires: session.expires,
  user: {
    id: token.id,
    role: token.role,
    name: token.name ?? null,
    email: token.email ?? null,
    image: token.impersonator ? null : (token.picture ?? null),
    ...(token.emailVerified === undefined ? {} : { emailVerified: token.emailVerified }),
  },
  deviceSessionId: token.deviceSessionId,
  authTime: authenticatedAsUserAt(token),
  ...(token.impersonator ? { impersonator: impersonatorView(token.impersonator) } : {}),
});

/** What the page is told about the admin behind a view-as session (not their session). */
function impersonatorView({ id, name, email, endsAt }: ImpersonatorClaims): NonNullable<Session["impersonator"]> {
  return { id, name, email, endsAt };
}

/** Only ever redirects within this site. */
export const redirectCallback: CallbacksOptions["redirect"] = ({ url, baseUrl }) => sameOriginUrl(url, baseUrl);

/**
 * The session `token` stands for, if it is live now (user enabled, device not
 * revoked, sessionVersion current, within its lifetime); null otherwise. An
 * OAuth callback asks before NextAuth links a provider to the session's user.
 */
export async function liveSessionOf(token: JWT, now = Date.now()): Promise<LiveSession | null> {
  try {
    const live = await revalidated(token, now);
    const viewedBy = live.impersonator ? { viewedBy: live.impersonator.id } : {};
    return { userId: live.id, deviceSessionId: live.deviceSessionId, authTime: authenticatedAsUserAt(live), ...viewedBy };
  } catch (error) {
    if (error instanceof SessionEndedError) return null;
    throw error;
  }
}
