import { Types } from "mongoose";
import { AccountModel, type Account } from "./Account";
import { definePolicy } from "./policy";

/**
 * Linked sign-in providers. People see and disconnect their own (the
 * adapter links them at sign-in); an admin sees everyone's.
 */
export const accountPolicy = definePolicy<Account>({
  subject: "Account",
  model: AccountModel,
  omit: [],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id) };
    can("read", "Account", own);
    if (actor.impersonatedBy) return;
    can("delete", "Account", own);
    if (actor.role === "admin") can("read", "Account");
  },
});
