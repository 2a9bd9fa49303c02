import { Schema, type Model, type Types } from "mongoose";
import { registeredModel } from "./registered-model";

/**
 * One signed-in device, on the adapter's `sessions` collection. Sessions are
 * JWTs, so this document is what makes them revocable: the token carries its
 * id, and deleting the document ends that device's session.
 */
export interface DeviceSession {
  _id: Types.ObjectId;
  /** Random and unique, as the adapter's index on this collection requires; not a credential here. */
  sessionToken: string;
  userId: Types.ObjectId;
  expires: Date;
  userAgent: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Set on an admin's "view as" session on this user's account: the admin's id. Such a session is not the user's device. */
  impersonatedBy?: Types.ObjectId;
}

const DeviceSessionSchema = new Schema<DeviceSession>(
  {
    sessionToken: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    expires: { type: Date, required: true },
    userAgent: { type: String, default: "" },
    ip: { type: String, default: "" },
    createdAt: { type: Date, default: () => new Date() },
    lastSeenAt: { type: Date, default: () => new Date() },
    impersonatedBy: { type: Schema.Types.ObjectId, ref: "User" },
  },
  // Indexes on this collection are registered in lib/sessions/repository.ts (the adapter shares it).
  { collection: "sessions", autoIndex: false, versionKey: false },
);

export const DeviceSessionModel: Model<DeviceSession> = registeredModel("DeviceSession", DeviceSessionSchema);
