import "#server-only";
import type { Role } from "@/lib/access/shared";
import type { User, UserDocument } from "./repository";
import type { PublicUser } from "./shared";

/** The fields the API shows, from a stored document or a read through the data door. */
type ShownUser = Pick<User, "_id" | "name" | "email" | "image" | "role" | "emailVerified" | "createdAt"> & Pick<Partial<User>, "passwordHash">;

/**
 * What the API shows of a user. `hasPassword` defaults to whether the hash is
 * on the document (selected with `withPasswordHash`); a door read, which never
 * carries it, passes it (see `findOwnUser`).
 */
export function toPublicUser(user: ShownUser, hasPassword = Boolean(user.passwordHash)): PublicUser {
  return {
    id: user._id.toString(),
    name: user.name ?? null,
    email: user.email ?? null,
    image: user.image ?? null,
    role: user.role ?? "user",
    emailVerified: user.emailVerified ? user.emailVerified.toISOString() : null,
    createdAt: (user.createdAt ?? user._id.getTimestamp()).toISOString(),
    hasPassword,
  };
}

/** What a session carries of a user: the JWT, and what `authorize` hands to the jwt callback. */
export interface SessionUser {
  id: string;
  role: Role;
  name: string | null;
  email: string | null;
  image: string | null;
  sessionVersion: number;
  /** Whether `email` is verified (the banner asks until it is; the checks that need it read the database). */
  emailVerified: boolean;
}

export function toSessionUser(user: UserDocument): SessionUser {
  return {
    id: user._id.toString(),
    role: user.role ?? "user",
    name: user.name ?? null,
    email: user.email ?? null,
    image: user.image ?? null,
    sessionVersion: user.sessionVersion ?? 0,
    emailVerified: Boolean(user.email && user.emailVerified),
  };
}
