import { Schema, type Model, type Types } from "mongoose";
import { registeredModel } from "./registered-model";

/**
 * A sign-in identity linked to a user (`accounts`), written by the NextAuth
 * adapter when someone signs in with, or connects, a provider. It holds which
 * provider account it is and a label to show, never the provider's tokens
 * (lib/auth/adapter.ts strips them before the adapter stores the link).
 */
export interface Account {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  type: string;
  /** NextAuth's provider id: "github", "google", "oidc". */
  provider: string;
  providerAccountId: string;
  /** What Settings shows: the GitHub login, or the email the provider gave. */
  label?: string | null;
}

const AccountSchema = new Schema<Account>(
  {
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    type: { type: String, required: true },
    provider: { type: String, required: true },
    providerAccountId: { type: String, required: true },
    label: { type: String, default: null },
  },
  // The adapter writes these documents; indexes (provider + providerAccountId unique, userId) are registered in lib/accounts/repository.ts.
  { collection: "accounts", autoIndex: false, versionKey: false },
);

export const AccountModel: Model<Account> = registeredModel("Account", AccountSchema);
