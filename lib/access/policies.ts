import "#server-only";
import { LRUCache } from "lru-cache";
import { accountPolicy } from "@/models/Account.policy";
import { authEventPolicy } from "@/models/AuthEvent.policy";
import { avatarPolicy } from "@/models/Avatar.policy";
import { conversationPolicy } from "@/models/Conversation.policy";
import { deviceSessionPolicy } from "@/models/DeviceSession.policy";
import { generationPolicy } from "@/models/Generation.policy";
import { policyBuilder, type AppAbility } from "@/models/policy";
import { userPolicy } from "@/models/User.policy";
import { verificationTokenPolicy } from "@/models/VerificationToken.policy";
import type { Actor } from "./shared";

/**
 * Every model with a policy, by the name the data door gives its collection:
 * the one list the door's collections and the actor's abilities are built from.
 */
export const POLICIES = {
  users: userPolicy,
  deviceSessions: deviceSessionPolicy,
  generations: generationPolicy,
  authEvents: authEventPolicy,
  accounts: accountPolicy,
  verificationTokens: verificationTokenPolicy,
  avatars: avatarPolicy,
  conversations: conversationPolicy,
} as const;

/** The rules of every policy for `actor`, as one CASL ability. */
function buildAbility(actor: Actor): AppAbility {
  const builder = policyBuilder();
  for (const policy of Object.values(POLICIES)) policy.rules(builder, actor);
  return builder.build();
}

/**
 * Abilities already built, by actor: the rules depend on nothing else, and
 * building them (eight policies) would otherwise be part of every request's cost.
 */
const abilities = new LRUCache<string, AppAbility>({ max: 1_000 });

/** What `actor` may do, under every policy. */
export function abilityFor(actor: Actor): AppAbility {
  const key = actor ? `${actor.role}:${actor.id}:${actor.impersonatedBy ?? ""}` : "anonymous";
  let ability = abilities.get(key);
  if (!ability) {
    ability = buildAbility(actor);
    abilities.set(key, ability);
  }
  return ability;
}
