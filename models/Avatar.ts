import { Schema, type Model, type Types } from "mongoose";
import { registeredModel } from "./registered-model";

/**
 * A profile picture someone uploaded, as we re-encoded it (lib/avatars): a
 * square WebP of at most 256 px, without metadata. The bytes they sent are
 * never stored. One per user: `_id` is the user's id.
 */
export interface Avatar {
  /** The user's id. */
  _id: Types.ObjectId;
  /** The WebP file. */
  data: Buffer;
  /** Of `data`: the version in the picture's URL and its ETag. */
  hash: string;
  /** Width and height in pixels (a square). */
  size: number;
  updatedAt: Date;
}

const AvatarSchema = new Schema<Avatar>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    data: { type: Buffer, required: true },
    hash: { type: String, required: true },
    size: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  // Indexes are registered in lib/avatars/store.ts (lib/core/indexes.ts builds them).
  { collection: "avatars", autoIndex: false, versionKey: false },
);

export const AvatarModel: Model<Avatar> = registeredModel("Avatar", AvatarSchema);
