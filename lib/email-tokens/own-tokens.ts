import "#server-only";
import { Types } from "mongoose";
import type { DataAccess } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import type { EmailTokenPurpose } from "./shared";
import { recordOf, type EmailTokenRecord, type EmailTokenStore } from "./tokens";

/**
 * The signed-in person's own links, through their data door: the
 * VerificationToken policy lets them ask for and cancel their own, and an
 * admin viewing as them only see them.
 */
export function ownEmailTokens(data: DataAccess) {
  const userId = new Types.ObjectId(ownId(data));
  const store: EmailTokenStore = {
    deleteOf: (_userId, purpose) => data.verificationTokens.deleteMany({ userId, purpose }),
    insert: (token) => data.verificationTokens.create(token),
    remove: (id) => data.verificationTokens.deleteOne({ _id: id, userId }),
  };
  return {
    /** For `issueEmailLink(…, { store })`. */
    store,
    /** Every link of `purpose` stops working. */
    revoke: (purpose: EmailTokenPurpose) => data.verificationTokens.deleteMany({ userId, purpose }),
    /** The newest live link of `purpose`, if any (an email change waiting for confirmation): the one that works. */
    async latest(purpose: EmailTokenPurpose): Promise<EmailTokenRecord | null> {
      const stored = await data.verificationTokens.findOne({ userId, purpose, expires: { $gt: new Date() } }, { sort: { _id: -1 } });
      return stored ? recordOf(stored) : null;
    },
    /** Every live link of `purpose` (the undo links that may still restore an address). */
    async live(purpose: EmailTokenPurpose): Promise<EmailTokenRecord[]> {
      return (await data.verificationTokens.find({ userId, purpose, expires: { $gt: new Date() } })).map(recordOf);
    },
  };
}
