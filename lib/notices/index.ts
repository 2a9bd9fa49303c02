import "#server-only";

/** Security notices by email, and which of them each user wants. */
export { activityPlace, noticesSent, sendSecurityNotice, signInMethodName } from "./send";
export { getNoticeSettings, updateNoticeSettings } from "./settings";
