import { Types } from "mongoose";
import { AvatarModel, type Avatar } from "./Avatar";
import { definePolicy } from "./policy";

/**
 * Uploaded profile pictures. Public to read, as on GitHub: a picture is what
 * its owner chose to show beside their name (docs/security.md). Only the
 * owner uploads, replaces or removes theirs, never while an admin views as
 * them; an admin may remove anyone's.
 */
export const avatarPolicy = definePolicy<Avatar>({
  subject: "Avatar",
  model: AvatarModel,
  omit: [],
  rules({ can }, actor) {
    can("read", "Avatar");
    if (!actor || actor.impersonatedBy) return;
    const own = { _id: new Types.ObjectId(actor.id) };
    can(["create", "update", "delete"], "Avatar", own);
    if (actor.role === "admin") can("delete", "Avatar");
  },
});
