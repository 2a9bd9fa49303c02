/**
 * The access policies' vocabulary, shared by the policies next to the models
 * (models/*.policy.ts), the data door that enforces them (lib/access) and
 * the tests that read them back.
 */

/** A user's role: an admin may also see and manage other accounts, as the policies say (models/User.policy.ts). */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking: a signed-in user (with their role, and the admin behind
 * them while an admin views the product as them), or null for anonymous.
 */
export type Actor = { id: string; role: Role; impersonatedBy?: string } | null;

/**
 * What can be done to a document:
 * - `create`, `read`, `update`, `delete`: as usual. A read never returns an
 *   omitted field (a hash, a ciphertext), whoever asks.
 * - `reveal`: the server itself reads an omitted field for the actor (to
 *   compare a password, mask a stored key, show a history entry's text);
 *   the value is used on the server, never sent as is.
 * - `use`: the server sends a stored secret to a third party on the actor's
 *   behalf (an API key to its provider).
 */
export const ACCESS_ACTIONS = ["create", "read", "update", "delete", "reveal", "use"] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** The models that have a policy; each is the CASL subject type of its documents. */
export const POLICY_SUBJECTS = ["User", "DeviceSession", "Generation", "AuthEvent", "Account", "VerificationToken", "Avatar", "Conversation"] as const;
export type PolicySubject = (typeof POLICY_SUBJECTS)[number];

/**
 * The id of the signed-in person a data door (lib/access) was built for: the
 * owner key a feature adds to its own filters (the door adds the policy's on
 * top). Every door a feature gets comes from a session, so one built for
 * nobody reaching here is a bug, not a signed-out visitor.
 */
export function ownId(door: { readonly actor: Actor }): string {
  if (!door.actor) throw new Error("A data door without a signed-in actor reached a signed-in feature");
  return door.actor.id;
}
