import "#server-only";

/**
 * Account reads: the answers of the account's GET endpoints (/api/user/me,
 * …), which those routes send and signed-in pages render on the server as
 * SWR fallback data. It sits above the features it reads (an orchestration
 * module, like lib/auth and lib/admin).
 */
export { preloadAccountReads, preloadConversationPage, preloadHistoryPage } from "./preload";
export { onboardingProgress } from "./onboarding";
export { accountReads } from "./readers";
