import "#server-only";
import type { GetServerSidePropsContext, NextApiRequest, NextApiResponse } from "next";
import { mapAndLogError, parseFormBody, requestContextOf } from "@/lib/http";
import { ErrorCode, type FieldErrors } from "@/lib/http/shared";
import { PASSWORD_RULES } from "@/lib/passwords/shared";
import { signUp } from "@/lib/email-flows";
import { NAME_MAX_LENGTH, signupSchema } from "@/lib/users/shared";
import { csrfTokenMatches, nextAuthCallbackPath } from "./csrf";
import { isSecondStepRefusal, safeCallbackPath, signInRefusalMessages, twoFactorPagePath } from "./shared";

/**
 * Sign-up and sign-in for browsers without JavaScript: plain form posts
 * answered with redirects. A redirect names what went wrong (an error code,
 * the invalid fields' names), never a value typed into the form.
 */

const SIGNUP_FIELDS = ["name", "email", "password"] as const;
type SignupField = (typeof SIGNUP_FIELDS)[number];

function redirect(res: NextApiResponse, status: 303 | 307, location: string): void {
  res.setHeader("Cache-Control", "no-store");
  res.status(status).setHeader("Location", location).end();
}

/**
 * `POST /api/auth/signup` with a form body (after the route's same-origin
 * check): the JSON route's validation and limits, then a redirect. With a CSRF
 * token NextAuth will accept, a 307 hands the same POST (email, password,
 * csrfToken, callbackUrl) to NextAuth's credentials callback, which signs the
 * new user in as any sign-in does; otherwise 303 to the sign-in page with a
 * notice. A failure goes back to the form with its code (303).
 */
export async function signUpWithForm(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  let callbackUrl = "/";
  try {
    const form = await parseFormBody(req);
    callbackUrl = safeCallbackPath(form.callbackUrl);
    await signUp(signupSchema.parse(form), requestContextOf(req));
    if (csrfTokenMatches(req, form.csrfToken)) return redirect(res, 307, "/api/auth/callback/credentials");
    redirect(res, 303, `/auth/signin?${new URLSearchParams({ created: "1", callbackUrl })}`);
  } catch (error) {
    const { body } = mapAndLogError(req, error);
    const query = new URLSearchParams({ error: body.error.code });
    const invalid = SIGNUP_FIELDS.filter((field) => body.error.fields?.[field]);
    if (invalid.length > 0) query.set("invalid", invalid.join(","));
    query.set("callbackUrl", callbackUrl);
    redirect(res, 303, `/auth/signup?${query}`);
  }
}

/** What the sign-up page says about each invalid field: the rules, since the typed value is not sent back. */
const signupFieldMessages: Record<SignupField, string> = {
  name: `Enter your name: at most ${NAME_MAX_LENGTH} characters, letters, numbers and ordinary punctuation.`,
  email: "Enter a valid email address, like name@example.com",
  // The redirect names the field, not the rule it broke: list them all.
  password:
    `Choose another password: ${PASSWORD_RULES.minCharacters} to ${PASSWORD_RULES.maxBytes} characters, ` +
    "neither a common password nor your email address.",
};

const signupFormMessages: Partial<Record<string, string>> = {
  [ErrorCode.ValidationFailed]: "Some fields are invalid. Check them and try again.",
  [ErrorCode.EmailTaken]: "An account with this email already exists",
  [ErrorCode.RateLimited]: "Too many sign-ups from your network. Try again later.",
  [ErrorCode.PayloadTooLarge]: "That was too much text. Shorten what you typed and try again.",
};

interface SignUpFormFeedback {
  formError: string | null;
  fields: FieldErrors;
  /** The email already has an account: the form says so next to the field, with a "Sign in instead" link. */
  emailTaken: boolean;
}

/** The sign-up page's server-rendered feedback for `?error=<CODE>&invalid=<fields>`, after a form post failed. */
export function signUpFormFeedback(query: GetServerSidePropsContext["query"]): SignUpFormFeedback {
  const code = typeof query.error === "string" ? query.error : null;
  if (!code) return { formError: null, fields: {}, emailTaken: false };
  const formError = (Object.hasOwn(signupFormMessages, code) ? signupFormMessages[code] : undefined) ?? "Something went wrong on our side. Please try again.";
  if (code === ErrorCode.EmailTaken) return { formError, fields: {}, emailTaken: true };
  const named = typeof query.invalid === "string" ? query.invalid.split(",") : [];
  const fields: FieldErrors = {};
  for (const field of SIGNUP_FIELDS) {
    if (named.includes(field)) fields[field] = [signupFieldMessages[field]];
  }
  return { formError, fields, emailTaken: false };
}

/**
 * For the error page: a refused Credentials sign-in (NextAuth sends it there
 * when the form was posted without JavaScript) goes back to its form, with its
 * message and the callbackUrl NextAuth kept in its cookie. A right password
 * that needs a second step goes on to it; a wrong code goes back to the
 * second step (a recovery code to its recovery form); a pending sign-in that
 * has ended, and every other refusal, to the sign-in page.
 */
export function signInRefusalRedirect(ctx: GetServerSidePropsContext): string | null {
  const code = ctx.query.error;
  const callbackUrl = nextAuthCallbackPath(ctx.req.cookies);
  if (code === ErrorCode.TwoFactorRequired) return twoFactorPagePath(callbackUrl);
  if (isSecondStepRefusal(code)) {
    const query = new URLSearchParams({ error: code, callbackUrl });
    if (code === ErrorCode.InvalidRecoveryCode) query.set("method", "recovery");
    return `/auth/two-factor?${query}`;
  }
  if (typeof code !== "string" || !Object.hasOwn(signInRefusalMessages, code)) return null;
  return `/auth/signin?${new URLSearchParams({ error: code, callbackUrl })}`;
}
