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
  }

  /** What `authorize` returns: the user as just read, so the jwt callback need not read it again. */
  interface User {
    role?: Role;
    sessionVersion?: number;
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
  }
}
