import { Types } from "mongoose";
import { AuthEventModel, type AuthEvent } from "./AuthEvent";
import { definePolicy } from "./policy";

/**
 * The audit trail. People read their own events; an admin reads everyone's.
 * Nobody writes it through this door (lib/audit records events itself), and
 * the hashed email of an unknown account's failed sign-in is never returned.
 */
export const authEventPolicy = definePolicy<AuthEvent, "emailHash">({
  subject: "AuthEvent",
  model: AuthEventModel,
  omit: ["emailHash"],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id) };
    can("read", "AuthEvent", own);
    if (actor.role === "admin" && !actor.impersonatedBy) can("read", "AuthEvent");
  },
});
