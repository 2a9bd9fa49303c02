import { Types } from "mongoose";
import { definePolicy } from "./policy";
import { VerificationTokenModel, type VerificationToken } from "./VerificationToken";

/**
 * Links sent by email, as far as a signed-in person's requests touch them
 * (asking for an email change or a new verification link, cancelling a
 * change): their own only, and not while an admin views as them. The links
 * themselves are opened by token, outside any session, by lib/email-tokens.
 * The token's hash is never returned.
 */
export const verificationTokenPolicy = definePolicy<VerificationToken, "token">({
  subject: "VerificationToken",
  model: VerificationTokenModel,
  omit: ["token"],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id) };
    can("read", "VerificationToken", own);
    if (actor.impersonatedBy) return;
    can(["create", "delete"], "VerificationToken", own);
  },
});
