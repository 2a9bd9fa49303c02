import "#server-only";

/** What signed-in pages render on the server: the same answers as the account's GET endpoints, as SWR fallback data. */
export { preloadAccountReads, preloadHistoryPage } from "./preload";
export { onboardingProgress } from "./onboarding";
export { accountReads } from "./readers";
