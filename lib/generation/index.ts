import "#server-only";

/** Code generation with the user's own Together AI key: streaming, limits, usage records and history. */
export {
  deleteAllHistory,
  deleteHistoryEntry,
  deleteOwnHistory,
  eachGenerationForExport,
  getHistoryEntry,
  hasCompletedGeneration,
  historyQuerySchema,
  listHistory,
} from "./history-access";
export { conversationsForExport, deleteConversation, getConversation, listConversations, renameConversation } from "./conversation-access";
export { pageGenerationOptions } from "./options";
export { generatePageArrival } from "./pending-prompt";
export { deleteUsageRecordsBefore } from "./repository";
export { receivePromptPost } from "./prompt-post";
export { rotateHistoryEncryption } from "./rotation";
export { startGeneration } from "./run";
export { generationUsage, usageQuerySchema, usageReport } from "./usage-report";
