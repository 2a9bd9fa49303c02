import { Schema, type Model, type Types } from "mongoose";
import { EMAIL_TOKEN_PURPOSES, type EmailTokenPurpose } from "@/lib/email-tokens/shared";
import { registeredModel } from "./registered-model";

/**
 * A link sent by email (verify an address, reset a password, confirm or undo
 * an email change), on the adapter's `verificationTokens` collection. The
 * adapter's fields keep their meaning: `identifier` is what the token is for
 * (`<purpose>:<user id>`), `token` is the HMAC of the link's secret, never the
 * secret, and `expires` ends it. The rest binds the link to its account and
 * to the address it was sent about.
 */
export interface VerificationToken {
  _id: Types.ObjectId;
  identifier: string;
  /** base64url HMAC-SHA256 of the secret in the link (lib/email-tokens). */
  token: string;
  expires: Date;
  purpose: EmailTokenPurpose;
  userId: Types.ObjectId;
  /** The address the link is about: the one to verify or reset, or the old one of a change ("" when the account had none). */
  email: string;
  /** An email change's new address. */
  newEmail?: string;
  /** Change and undo links: the account's sessionVersion when sent (a later bump ends a change, and an undo with nothing to restore). */
  sessionVersion?: number;
  /** Undo links: when the change they undo was asked for (providers connected since then go). */
  requestedAt?: Date;
  /** Undo links: whether `email` was verified then (if not, undoing reclaims the account for its mailbox). */
  emailWasVerified?: boolean;
  createdAt: Date;
}

const VerificationTokenSchema = new Schema<VerificationToken>(
  {
    identifier: { type: String, required: true },
    token: { type: String, required: true },
    expires: { type: Date, required: true },
    purpose: { type: String, enum: EMAIL_TOKEN_PURPOSES, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    email: { type: String, default: "" },
    newEmail: { type: String },
    sessionVersion: { type: Number },
    requestedAt: { type: Date },
    emailWasVerified: { type: Boolean },
    createdAt: { type: Date, default: () => new Date() },
  },
  // Indexes (identifier+token unique, token, userId+purpose, expires TTL) are registered in lib/email-tokens/repository.ts.
  { collection: "verificationTokens", autoIndex: false, versionKey: false },
);

export const VerificationTokenModel: Model<VerificationToken> = registeredModel("VerificationToken", VerificationTokenSchema);
