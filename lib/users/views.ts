import "#server-only";
import type { UserDocument } from "./repository";
import type { PublicUser, Role } from "./shared";

/** What the API shows of a user. `hasPassword` needs the hash selected (`withPasswordHash`); otherwise it reads false. */
export function toPublicUser(user: UserDocument): PublicUser {
  return {
    id: user._id.toString(),
    name: user.name ?? null,
    email: user.email ?? null,
    image: user.image ?? null,
    role: user.role ?? "user",
    emailVerified: user.emailVerified ? user.emailVerified.toISOString() : null,
    createdAt: (user.createdAt ?? user._id.getTimestamp()).toISOString(),
    hasPassword: Boolean(user.passwordHash),
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
}

export function toSessionUser(user: UserDocument): SessionUser {
  return {
    id: user._id.toString(),
    role: user.role ?? "user",
    name: user.name ?? null,
    email: user.email ?? null,
    image: user.image ?? null,
    sessionVersion: user.sessionVersion ?? 0,
  };
}
