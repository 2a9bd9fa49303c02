import "#server-only";
import { emailLinkSignUpAllowed, siteUrl } from "@/lib/core/env";
import type { RequestContext } from "@/lib/http";
import { z } from "zod";
import { mailTemplates, queueMailJob, registerMailJob } from "@/lib/mail";
import { activityPlace } from "@/lib/notices";
import { findUserByEmail } from "@/lib/users";
import { requestContextSchema } from "./background";
import { enforceMailLimits } from "./limits";
import { awaitsUndo } from "./signup";

/** How long a sign-in link works (NextAuth's email provider `maxAge`). */
export const SIGN_IN_LINK_SECONDS = 10 * 60;

/** The page a sign-in link opens: it only shows a "Sign in" button (pages/auth/email-link.tsx). */
export const SIGN_IN_LINK_PAGE = "/auth/email-link";

/**
 * Whether a sign-in link goes to `email` (already normalised): after the mail
 * limits (429, counted for every address, so a refusal tells nothing), an
 * account that is not disabled, or none when links may sign up
 * (EMAIL_LINK_SIGNUP) and the address is not kept for an undo. The caller
 * answers "check your email" either way.
 */
export async function maySendSignInLink(email: string, context: RequestContext): Promise<boolean> {
  await enforceMailLimits(email, context);
  const user = await findUserByEmail(email);
  if (user) return !user.disabledAt;
  return emailLinkSignUpAllowed() && !(await awaitsUndo(email));
}

const signInLinkJob = registerMailJob("sign-in-link", {
  schema: z.object({ email: z.string(), landing: z.string(), context: requestContextSchema }),
  async run({ email, landing, context }) {
    const user = await findUserByEmail(email);
    const recipient = { email, name: user?.name ?? null, verified: Boolean(user?.emailVerified) };
    return mailTemplates.signInLink(recipient, { url: landing, validFor: "10 minutes" }, activityPlace(context));
  },
});

/**
 * Mails the link NextAuth made (`nextAuthUrl`, its callback with the token) as
 * a link to our landing page with the same query: opening it signs no one in
 * (mail scanners open links), its button posts to the callback. A mail job,
 * inserted before the answer and run after it, so the answer takes as long
 * whether a mail goes or not.
 */
export async function sendSignInLink(email: string, nextAuthUrl: string, context: RequestContext): Promise<void> {
  const landing = siteUrl(`${SIGN_IN_LINK_PAGE}?${new URL(nextAuthUrl).searchParams}`);
  await queueMailJob(signInLinkJob, { email, landing, context }, email);
}
