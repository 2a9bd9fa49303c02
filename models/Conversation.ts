import { Schema, type Model, type Types } from "mongoose";
import { encryptedValueFields, type EncryptedValue } from "./EncryptedValue";
import { registeredModel } from "./registered-model";

/**
 * A conversation (`conversations`): the thread a person's generation turns
 * belong to. Its turns are `generations` records with its id; this document
 * holds only the title (encrypted for its owner and this conversation, like
 * history text) and when it was last used. It exists only while the user
 * keeps history: deleting it removes its turns' text and keeps their usage records.
 */
export interface Conversation {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  title: EncryptedValue;
  createdAt: Date;
  /** When its last turn was answered: the history list's order. */
  updatedAt: Date;
}

const EncryptedValueSchema = new Schema<EncryptedValue>(encryptedValueFields, { _id: false });

const ConversationSchema = new Schema<Conversation>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    title: { type: EncryptedValueSchema, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // Indexes are registered in lib/generation/conversation-store.ts (lib/core/indexes.ts builds them).
  { collection: "conversations", autoIndex: false, versionKey: false },
);

export const ConversationModel: Model<Conversation> = registeredModel("Conversation", ConversationSchema);
