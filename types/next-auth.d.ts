import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/access/shared";
import type { SignInMethod } from "@/lib/accounts/shared";

/** What our callbacks put in the token and the session (see lib/auth/callbacks.ts). */
declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      role: Role;
      /** Whether the address is verified, as of the token's last read (absent in tokens from before it existed). */
      emailVerified?: boolean;
    } & DefaultSession["user"];
    /** This device's entry in the `sessions` collection. */
    deviceSessionId: string;
    /** When the user last proved who they are (sign-in or re-auth), ms since epoch. */
    authTime: number;
    /** Set while an admin views the product as this user ("view as"): who they are, and when it ends (ms since epoch). */
    impersonator?: { id: string; name: string | null; email: string | null; endsAt: number };
  }

  /** What `authorize` returns: the user as just read, so the jwt callback need not read it again. */
  interface User {
    role?: Role;
    sessionVersion?: number;
    /** The device session `authorize` opened for this sign-in. */
    deviceSessionId?: string;
    /** How a Credentials provider's sign-in was done (the password, a provider before a second step, a passkey). */
    signInMethod?: SignInMethod;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: Role;
    sessionVersion: number;
    /** Whether the address was verified at the token's last read of the user (the banner's question). */
    emailVerified?: boolean;
    /** The `sessions` document for this device; deleting it ends this session. */
    deviceSessionId: string;
    /** When the user and device were last read from the database (ms since epoch). */
    checkedAt: number;
    /**
     * When the user last proved who they are (sign-in, or re-auth with the
     * password), ms since epoch: the session ends SESSION_ABSOLUTE_MAX_AGE
     * later, and sensitive actions need it to be recent. Absent in tokens
     * issued before it existed (the jwt callback dates those from their device).
     */
    authTime?: number;
    /**
     * Set on a "view as" session an admin started (lib/admin/impersonation.ts):
     * the admin, their own session to return to, and when this one ends.
     */
    impersonator?: ImpersonatorClaims;
  }

  interface ImpersonatorClaims {
    id: string;
    name: string | null;
    email: string | null;
    /** The admin's own device session and authentication time, restored by Stop. */
    deviceSessionId: string;
    authTime: number;
    /** ms since epoch; at most IMPERSONATION_MAX_SECONDS after the start. */
    endsAt: number;
  }
}
