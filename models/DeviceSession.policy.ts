import { Types } from "mongoose";
import { DeviceSessionModel, type DeviceSession } from "./DeviceSession";
import { definePolicy } from "./policy";

/**
 * Signed-in devices. People see and sign out their own, but never an admin's
 * view-as session on their account; an admin sees, opens (view as) and ends
 * any. The random `sessionToken` is never returned.
 */
export const deviceSessionPolicy = definePolicy<DeviceSession, "sessionToken">({
  subject: "DeviceSession",
  model: DeviceSessionModel,
  omit: ["sessionToken"],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id), impersonatedBy: { $exists: false } };
    can("read", "DeviceSession", own);
    if (actor.impersonatedBy) return;
    can("delete", "DeviceSession", own);
    if (actor.role === "admin") can(["create", "read", "delete"], "DeviceSession");
  },
});
