import "#server-only";

/** Security notices by email, and which of them each user wants. */
export { findNoticeRecipient, updateNoticeSettings } from "./repository";
export { activityPlace, noticesSent, sendSecurityNotice, signInMethodName } from "./send";
