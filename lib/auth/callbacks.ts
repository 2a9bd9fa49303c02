import "#server-only";
import type { User as AuthUser, CallbacksOptions, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { getEnv } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { createDeviceSession, pastAbsoluteLifetime, touchDeviceSession } from "@/lib/sessions";
import { getUser, toSessionUser, type SessionUser } from "@/lib/users";
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

function tokenFor(token: JWT, user: SessionUser, state: TokenState): JWT {
  return {
    ...token,
    sub: user.id,
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    picture: user.image,
    sessionVersion: user.sessionVersion,
    ...state,
  };
}

/**
 * At sign-in: the user as `authorize` just read it (credentials), or read
 * now (a provider's user, which carries none of our fields).
 */
async function signedInUser(user: AuthUser): Promise<SessionUser> {
  if (user.role && user.sessionVersion !== undefined && user.email) {
    return {
      id: user.id,
      role: user.role,
      name: user.name ?? null,
      email: user.email,
      image: user.image ?? null,
      sessionVersion: user.sessionVersion,
    };
  }
  const dbUser = await getUser(user.id);
  if (!dbUser || dbUser.disabledAt) throw new SessionEndedError("user unavailable at sign-in");
  return toSessionUser(dbUser);
}

/** Re-reads the user and the device: the token as they now allow it, or SessionEndedError. */
async function revalidated(token: JWT, now: number): Promise<JWT> {
  const authenticatedAt = token.authTime === undefined ? undefined : new Date(token.authTime);
  const [dbUser, device] = await Promise.all([
    getUser(token.id),
    touchDeviceSession(token.deviceSessionId, token.id, authenticatedAt),
  ]);
  if (!dbUser) throw new SessionEndedError("user deleted");
  if (dbUser.disabledAt) throw new SessionEndedError("user disabled");
  if (!device) throw new SessionEndedError("device session revoked or expired");
  if ((dbUser.sessionVersion ?? 0) !== token.sessionVersion) throw new SessionEndedError("signed out everywhere");
  const authTime = token.authTime ?? device.createdAt.getTime();
  if (pastAbsoluteLifetime(authTime, now)) throw new SessionEndedError("absolute lifetime over");
  return tokenFor(token, toSessionUser(dbUser), { deviceSessionId: token.deviceSessionId, authTime, checkedAt: now });
}

/**
 * The `jwt` callback. At sign-in it takes the user and device session as
 * `authorize` made them (other providers: reads the user and records the
 * device here) and stamps the authentication time. Afterwards:
 * - the session ends SESSION_ABSOLUTE_MAX_AGE after that time, whatever the
 *   activity (NextAuth's own expiry is the idle limit, SESSION_MAX_AGE);
 * - it re-reads the user and the device at most once per
 *   SESSION_REVALIDATE_SECONDS (or at once on `update()`), so role and profile
 *   changes show up and revocations take effect, while requests in between
 *   cost no database read;
 * - a revalidation that fails (the database is down) is not a sign-out: the
 *   token stays as it was and the next request tries again.
 */
export const jwtCallback: CallbacksOptions["jwt"] = async ({ token, user, trigger }) => {
  const now = Date.now();
  if (user) {
    const signedIn = await signedInUser(user);
    const deviceSessionId =
      user.deviceSessionId ?? (await createDeviceSession(signedIn.id, currentRequestContext()))._id.toString();
    return tokenFor(token, signedIn, { deviceSessionId, authTime: now, checkedAt: now });
  }

  if (token.authTime !== undefined && pastAbsoluteLifetime(token.authTime, now)) {
    throw new SessionEndedError("absolute lifetime over");
  }
  // A token from before authTime existed is revalidated at once, which dates it from its device session.
  const due = token.authTime === undefined || now - (token.checkedAt ?? 0) >= getEnv().SESSION_REVALIDATE_SECONDS * 1000;
  if (!due && trigger !== "update") return token;
  try {
    return await revalidated(token, now);
  } catch (error) {
    if (error instanceof SessionEndedError) throw error;
    log.warn("session.revalidation_failed", { error: error instanceof Error ? error.name : "unknown" });
    return token;
  }
};

/**
 * Exposes the id and role on `session.user`, this device's session id (to mark
 * it in the device list) and the authentication time (for re-auth prompts).
 */
export const sessionCallback = ({ session, token }: { session: Session; token: JWT }): Session => ({
  ...session,
  user: { id: token.id, role: token.role, name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
  deviceSessionId: token.deviceSessionId,
  authTime: token.authTime ?? 0,
});

/** Only ever redirects within this site. */
export const redirectCallback: CallbacksOptions["redirect"] = ({ url, baseUrl }) => sameOriginUrl(url, baseUrl);
