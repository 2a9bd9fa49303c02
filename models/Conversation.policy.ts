import { Types } from "mongoose";
import { ConversationModel, type Conversation } from "./Conversation";
import { definePolicy } from "./policy";

/**
 * Conversations: own ones only. People start, rename and delete theirs by
 * generating and managing history; an admin viewing as them may list them
 * but never read a title (it is text from a prompt) nor change anything.
 */
export const conversationPolicy = definePolicy<Conversation, "title">({
  subject: "Conversation",
  model: ConversationModel,
  omit: ["title"],
  rules({ can }, actor) {
    if (!actor) return;
    const own = { userId: new Types.ObjectId(actor.id) };
    can("read", "Conversation", own);
    if (actor.impersonatedBy) return;
    can("reveal", "Conversation", ["title"], own);
    can(["create", "delete"], "Conversation", own);
    can("update", "Conversation", ["title", "updatedAt"], own);
  },
});
