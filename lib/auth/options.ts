import "#server-only";
import type { AuthOptions } from "next-auth";
import { recordAdminAction, recordAuthEvent } from "@/lib/audit";
import CredentialsProvider from "next-auth/providers/credentials";
import { retryWhileDatabaseUnavailable } from "@/lib/core/db";
import { emailSignInEnabled, getEnv, secureCookies } from "@/lib/core/env";
import { log } from "@/lib/core/log";
import { revokeDeviceSession } from "@/lib/sessions";
import { createAdapter } from "./adapter";
import { authorizeOrRefuse } from "./authorize";
import { jwtCallback, redirectCallback, sessionCallback } from "./callbacks";
import { emailLinkProvider, signInWithLinkRules } from "./email-link";
import { authorizeSecondStepOrRefuse } from "./second-step";
import { authorizePasskeyOrRefuse } from "./passkey-sign-in";
import { configuredProviders } from "./providers";
import { currentRequestContext } from "./request-context";
import { decodeSessionToken, encodeSessionToken, SESSION_UPDATE_AGE_SECONDS } from "./session-codec";

const credentialsProvider = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: {
    email: { label: "Email", type: "email" },
    password: { label: "Password", type: "password" },
  },
  authorize: (credentials) => authorizeOrRefuse(credentials, currentRequestContext()),
});

/** A passkey's assertion (the JSON of `startAuthentication`'s answer), alone or as a pending sign-in's second step. */
const passkeyProvider = CredentialsProvider({
  id: "passkey",
  name: "Passkey",
  credentials: { response: { label: "Passkey response", type: "text" } },
  authorize: (credentials) => authorizePasskeyOrRefuse(credentials, currentRequestContext()),
});

/** The second step of a sign-in whose first step (the password, a provider) left a pending-sign-in ticket in a cookie. */
const secondStepProvider = CredentialsProvider({
  id: "two-factor",
  name: "Two-step verification",
  credentials: {
    code: { label: "Code from your authenticator app", type: "text" },
    recoveryCode: { label: "Recovery code", type: "text" },
  },
  authorize: (credentials) => authorizeSecondStepOrRefuse(credentials, currentRequestContext()),
});

/** The password, its second step and passkeys, sign-in links when EMAIL_SIGNIN allows, then every OAuth provider the environment enables. */
function enabledProviders(): AuthOptions["providers"] {
  const links = emailSignInEnabled() ? [emailLinkProvider] : [];
  return [credentialsProvider, secondStepProvider, passkeyProvider, ...links, ...configuredProviders(getEnv()).map(({ config }) => config)];
}

/** The error a NextAuth log call is about (it passes either the error or `{ error }`). */
function errorOf(metadata: unknown): Error | undefined {
  if (metadata instanceof Error) return metadata;
  const nested = typeof metadata === "object" && metadata !== null && "error" in metadata ? metadata.error : undefined;
  return nested instanceof Error ? nested : undefined;
}

/** jose's errors for a token that is forged, tampered with, expired or sealed with an old secret. */
function isBadTokenError(error: Error | undefined): boolean {
  return error !== undefined && /^(JWE|JWT|JWS|JOSE)/.test(error.name);
}

/**
 * NextAuth's errors go to our log. An ended session or a refused sign-in is
 * expected, not an error; an undecryptable session cookie (forged, or from an
 * old secret), when reading the session or signing out, is the client's
 * problem, worth a warning without a stack.
 */
function logAuthError(code: string, metadata: unknown): void {
  const error = errorOf(metadata);
  if (error?.name === "SessionEndedError" || error?.name === "SignInRefusedError") return;
  if (code === "JWT_SESSION_ERROR" || (code === "SIGNOUT_ERROR" && isBadTokenError(error))) {
    return log.warn("nextauth.invalid_session_cookie", { error: error?.name });
  }
  log.error(`nextauth.${code}`, error ?? code);
}

const logger: AuthOptions["logger"] = {
  error: logAuthError,
  warn(code) {
    log.warn(`nextauth.${code}`);
  },
  debug() {},
};

/** How a failed session read is logged, the same whether NextAuth or readServerSession read it. */
export function logSessionError(error: unknown): void {
  logAuthError("JWT_SESSION_ERROR", error);
}

/**
 * NextAuth's options: one object for the NextAuth route and every
 * `getServerSession` call. Where a request came from reaches `authorize` and
 * the jwt callback through lib/auth/request-context.ts, not through options
 * rebuilt per request.
 */
export const authOptions: AuthOptions = {
  adapter: createAdapter(),
  // Getters: the options are built when the module loads (also during
  // `next build`, which has no runtime configuration); NextAuth reads these
  // values per request, when the validated environment is there.
  get secret() {
    return getEnv().NEXTAUTH_SECRET;
  },
  get useSecureCookies() {
    return secureCookies();
  },
  session: {
    strategy: "jwt",
    get maxAge() {
      return getEnv().SESSION_MAX_AGE;
    },
    updateAge: SESSION_UPDATE_AGE_SECONDS,
  },
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: "/auth/signin", error: "/auth/error", verifyRequest: "/auth/email-sent" },
  get providers() {
    return enabledProviders();
  },
  callbacks: { signIn: signInWithLinkRules, jwt: jwtCallback, session: sessionCallback, redirect: redirectCallback },
  events: {
    async signOut({ token }) {
      if (!token?.deviceSessionId || !token.id) return;
      const { deviceSessionId, id } = token;
      // Recorded only when a live device session ended (not for one already revoked elsewhere).
      // NextAuth clears the cookie whatever happens here: a database blink must not leave the
      // session live, so the revocation is retried; a retry that finds nothing to delete counts
      // as ended, since the attempt that timed out may have been applied.
      let retried = false;
      const ended = await retryWhileDatabaseUnavailable(async () => {
        const again = retried;
        retried = true;
        return (await revokeDeviceSession(deviceSessionId, id)) || again;
      });
      if (!ended) return;
      const context = currentRequestContext();
      // Signing out of "view as" is the admin stopping it, not the user signing out; and
      // it signs the admin out too: the browser leaves with no session at all.
      if (token.impersonator) {
        const { id: adminId, deviceSessionId } = token.impersonator;
        if (await revokeDeviceSession(deviceSessionId, adminId)) {
          await recordAuthEvent({ type: "signout", userId: adminId, deviceSessionId, context });
        }
        await recordAdminAction({ type: "impersonation.stopped", adminId, subjectId: token.id, context, deviceSessionId });
        return;
      }
      await recordAuthEvent({ type: "signout", userId: token.id, deviceSessionId: token.deviceSessionId, context });
    },
  },
  logger,
};
