import "#server-only";
import type { User as AuthUser, CallbacksOptions, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { getEnv } from "@/lib/core/env";
import { createDeviceSession, touchDeviceSession } from "@/lib/sessions";
import { getUser, toSessionUser, type SessionUser } from "@/lib/users";
import { currentRequestContext } from "./request-context";
import { sameOriginUrl } from "./shared";

/**
 * Thrown by the `jwt` callback when a session must end (user disabled or gone,
 * `sessionVersion` bumped, device revoked). NextAuth answers it by clearing the
 * session cookie, and `/api/auth/session` returns no user.
 */
class SessionEndedError extends Error {
  constructor(reason: string) {
    super(`Session ended: ${reason}`);
    this.name = "SessionEndedError";
  }
}

function tokenFor(token: JWT, user: SessionUser, deviceSessionId: string, now: number): JWT {
  return {
    ...token,
    sub: user.id,
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    picture: user.image,
    sessionVersion: user.sessionVersion,
    deviceSessionId,
    checkedAt: now,
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

/**
 * The `jwt` callback. At sign-in it takes the user as `authorize` read it from
 * UserModel (or reads it, for other providers) and records a device session
 * for the request's IP and user agent (lib/auth/request-context.ts).
 * Afterwards it re-reads the user and the device at most once per
 * SESSION_REVALIDATE_SECONDS (or at once on `update()`), so role and profile
 * changes show up and revocations take effect, while requests in between cost
 * no database read.
 */
export const jwtCallback: CallbacksOptions["jwt"] = async ({ token, user, trigger }) => {
  const now = Date.now();
  if (user) {
    const signedIn = await signedInUser(user);
    const device = await createDeviceSession(signedIn.id, currentRequestContext());
    return tokenFor(token, signedIn, device._id.toString(), now);
  }

  const due = now - (token.checkedAt ?? 0) >= getEnv().SESSION_REVALIDATE_SECONDS * 1000;
  if (!due && trigger !== "update") return token;

  const [dbUser, device] = await Promise.all([getUser(token.id), touchDeviceSession(token.deviceSessionId, token.id)]);
  if (!dbUser) throw new SessionEndedError("user deleted");
  if (dbUser.disabledAt) throw new SessionEndedError("user disabled");
  if (!device) throw new SessionEndedError("device session revoked or expired");
  const currentVersion = dbUser.sessionVersion ?? 0;
  const versionAccepted = currentVersion === token.sessionVersion || device.sessionVersion === currentVersion;
  if (!versionAccepted) throw new SessionEndedError("signed out everywhere");
  return tokenFor(token, toSessionUser(dbUser), token.deviceSessionId, now);
};

/** Exposes the id and role on `session.user`, and this device's session id (to mark it in the device list). */
export const sessionCallback = ({ session, token }: { session: Session; token: JWT }): Session => ({
  ...session,
  user: { id: token.id, role: token.role, name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
  deviceSessionId: token.deviceSessionId,
});

/** Only ever redirects within this site. */
export const redirectCallback: CallbacksOptions["redirect"] = ({ url, baseUrl }) => sameOriginUrl(url, baseUrl);
