import { Types } from "mongoose";
import { definePolicy } from "./policy";
import { UserModel, type User } from "./User";

/** What people may change about themselves: never their role or whether they are disabled. */
const SELF_WRITABLE = ["name", "image", "preferences", "passwordHash", "sessionVersion", "apiKeys", "pendingPrompt"] as const;

/**
 * What an admin may change about anyone: the role, whether (and why) the
 * account is disabled, and the name and picture. Never a secret, the email
 * or `sessionVersion`: sign-in data stays the owner's, and the console signs
 * people out by ending their device sessions.
 */
const ADMIN_WRITABLE = ["role", "disabledAt", "disabledReason", "name", "image"] as const;

/**
 * Users. Open to sign-up; full access by oneself except role and status; an
 * admin reads, creates and deletes anyone, and changes only ADMIN_WRITABLE.
 * The bcrypt hash and the vault are never returned by a read. (The model
 * itself refuses a `passwordHash` that is not a bcrypt hash, and validates
 * email and image.)
 */
export const userPolicy = definePolicy<User, "passwordHash" | "apiKeys" | "pendingPrompt">({
  subject: "User",
  model: UserModel,
  omit: ["passwordHash", "apiKeys", "pendingPrompt"],
  rules({ can }, actor) {
    can("create", "User", ["name", "email", "passwordHash", "image"]);
    if (!actor) return;
    const self = { _id: new Types.ObjectId(actor.id) };
    can("read", "User", self);
    // Viewing as someone is for looking: their keys show masked, and nothing changes or is sent anywhere.
    if (actor.impersonatedBy) return void can("reveal", "User", ["apiKeys"], self);
    can("update", "User", [...SELF_WRITABLE], self);
    can("reveal", "User", ["passwordHash", "apiKeys", "pendingPrompt"], self);
    can("use", "User", ["apiKeys"], self);
    if (actor.role !== "admin") return;
    can(["create", "read", "delete"], "User");
    can("update", "User", [...ADMIN_WRITABLE]);
  },
});
