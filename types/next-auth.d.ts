import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/users/shared";

/** What our callbacks put in the token and the session (see lib/auth/callbacks.ts). */
declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      role: Role;
    } & DefaultSession["user"];
    /** This device's entry in the `sessions` collection. */
    deviceSessionId: string;
    /** When the user last proved who they are (sign-in or re-auth), ms since epoch. */
    authTime: number;
  }

  /** What `authorize` returns: the user as just read, so the jwt callback need not read it again. */
  interface User {
    role?: Role;
    sessionVersion?: number;
    /** The device session `authorize` opened for this sign-in. */
    deviceSessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: Role;
    sessionVersion: number;
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
  }
}
