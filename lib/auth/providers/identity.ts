import "#server-only";
import type { User as NextAuthUser } from "next-auth";
import { z } from "zod";
import type { OAuthProviderId } from "@/lib/accounts/shared";
import { isValidEmail, normalizeEmail } from "@/lib/users/shared";

/** Who a provider says signed in, in the terms the linking rules (lib/auth/linking.ts) need. */
export interface ProviderIdentity {
  provider: OAuthProviderId;
  providerAccountId: string;
  name: string | null;
  image: string | null;
  /** What Settings shows for the link: a login, or the email. */
  label: string | null;
  /** The address the provider gave, and whether the provider vouches that it belongs to this person. */
  email: { address: string; verified: boolean } | null;
}

/**
 * A provider's address as this app stores and compares every email
 * (normalizeEmail); null when blank or not one plain address by the same rule
 * as sign-up (a list, a display name, spaces around a dot: a mailer could read
 * another domain into it than our checks do).
 */
export function providerEmail(value: unknown): string | null {
  const address = text(value);
  const normalized = address ? normalizeEmail(address) : null;
  return normalized && isValidEmail(normalized) ? normalized : null;
}

/**
 * An `email_verified` claim that really says yes. Google has sent the string
 * "false", so anything but boolean true or the string "true" is unverified.
 */
export function isVerifiedClaim(value: unknown): boolean {
  return value === true || value === "true";
}

/** A string field a provider may send as null or leave out; read as absent (NextAuth's Profile type has no nulls). */
export const optionalString = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/** A non-blank string, trimmed, or null. */
export function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/**
 * What NextAuth's `profile()` hands on, and so what the adapter may write into
 * `users`: the email only when the provider verified it. An unverified address
 * never becomes a user's email, so it can neither be matched for linking nor
 * block its real owner from signing up.
 */
export function toNextAuthProfile(identity: ProviderIdentity): NextAuthUser {
  return {
    id: identity.providerAccountId,
    name: identity.name,
    email: identity.email?.verified ? identity.email.address : null,
    image: identity.image,
  };
}
