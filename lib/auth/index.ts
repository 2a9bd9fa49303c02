import "#server-only";

/** Sign-in and sessions on NextAuth v4: its options, and the guards every page and API route uses. */
export { adminNeedsSecondFactor } from "./admin-second-factor";
export { lastSignInMethodOf } from "./cookies";
export { csrfTokenForPage } from "./csrf";
export { signInLinkState } from "./email-link";
export { authErrorPageMessage } from "./error-page";
export { signInRefusalRedirect, signUpFormFeedback, signUpWithForm } from "./form-posts";
export { callbackForAuthPage, oauthProviders, withAuth, withOptionalPageAuth, withPageAuth, type Authenticated } from "./guards";
export { nextAuthHandler } from "./handler";
export { impersonatorOf, restoreAdminSession, writeViewAsSessionCookie } from "./impersonation";
export { authOptions } from "./options";
export { passkeySignInOptions } from "./passkey-sign-in";
export { sendSession } from "./server-session";
export { endSessionCookie, renewSessionCookie } from "./session-renewal";
