import "#server-only";

/** Sign-in and sessions on NextAuth v4: its options, and the guards every page and API route uses. */
export { callbackForAuthPage, oauthProviders, withAuth, withPageAuth } from "./guards";
export { withNextAuthInputGuard } from "./nextauth-guard";
export { authOptions } from "./options";
export { withRequestContext } from "./request-context";
