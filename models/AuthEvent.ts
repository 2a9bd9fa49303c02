import { Schema, type Model, type Types } from "mongoose";
import {
  ADMIN_ACTION_SIDES,
  ADMIN_NOTE_MAX_LENGTH,
  AUTH_EVENT_TYPES,
  LOCKOUT_SCOPES,
  REVOCATION_SCOPES,
  SECOND_FACTORS,
  SIGNIN_FAILURE_REASONS,
  type AuthEventDetail,
  type AuthEventType,
} from "@/lib/audit/shared";
import { SIGN_IN_METHODS } from "@/lib/accounts/shared";
import { ROLES } from "@/lib/access/shared";
import { API_KEY_PROVIDERS } from "@/lib/vault/shared";
import { registeredModel } from "./registered-model";

/**
 * One entry of the audit trail (`authEvents`): something that happened to an
 * account's security, when, and from where. Written once, never updated, and
 * deleted after AUTH_EVENT_RETENTION_DAYS by the retention job (lib/retention).
 */
export interface AuthEvent {
  _id: Types.ObjectId;
  /** Absent for a failed sign-in with an email that has no account. */
  userId?: Types.ObjectId;
  type: AuthEventType;
  at: Date;
  ip: string;
  userAgent: string;
  /** The device session that acted, when there was one. */
  deviceSessionId?: Types.ObjectId;
  /**
   * HMAC-SHA256 of the normalised email, never the email itself: on a failed sign-in for an
   * address with no account (no userId), and on every event of a deleted account (lib/account-deletion).
   */
  emailHash?: string;
  detail?: AuthEventDetail;
}

/** `strict` (Mongoose's default) drops any field not listed here, so nothing secret can be smuggled into `detail`. */
const DetailSchema = new Schema<AuthEventDetail>(
  {
    reason: { type: String, enum: SIGNIN_FAILURE_REASONS },
    scope: { type: String, enum: [...LOCKOUT_SCOPES, ...REVOCATION_SCOPES] },
    count: { type: Number, min: 0 },
    provider: { type: String, enum: API_KEY_PROVIDERS },
    method: { type: String, enum: SIGN_IN_METHODS },
    side: { type: String, enum: ADMIN_ACTION_SIDES },
    counterpartId: { type: String, match: /^[0-9a-f]{24}$/ },
    role: { type: String, enum: ROLES },
    factor: { type: String, enum: SECOND_FACTORS },
    note: { type: String, maxlength: ADMIN_NOTE_MAX_LENGTH },
  },
  { _id: false },
);

const AuthEventSchema = new Schema<AuthEvent>(
  {
    userId: { type: Schema.Types.ObjectId, ref: "User" },
    type: { type: String, enum: AUTH_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    ip: { type: String, default: "" },
    userAgent: { type: String, default: "" },
    deviceSessionId: { type: Schema.Types.ObjectId },
    emailHash: { type: String },
    detail: { type: DetailSchema },
  },
  // Indexes ({userId, at}, and {at} with a 90-day TTL) are registered in lib/audit/repository.ts.
  { collection: "authEvents", autoIndex: false, versionKey: false },
);

export const AuthEventModel: Model<AuthEvent> = registeredModel("AuthEvent", AuthEventSchema);
