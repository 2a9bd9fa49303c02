import * as emailLinkPage from "@/pages/auth/email-link";
import { APP_ORIGIN, CookieJar, SESSION_COOKIE, nextAuth } from "./auth";
import { linkTo } from "./mail";
import { renderPage } from "./pages";
import type { TestSmtpServer } from "./smtp";

/** Sign-in by email link as a browser drives it: the sign-in page's form, the mail, the landing page's button. */

const SAME_ORIGIN = { origin: APP_ORIGIN, "sec-fetch-site": "same-origin" };
export const SIGN_IN_LINK_SUBJECT = /^Your KeyForge sign-in link$/;
/** NextAuth's answer to a request for a link, whatever the address. */
export const CHECK_YOUR_EMAIL = `${APP_ORIGIN}/api/auth/verify-request?provider=email&type=email`;

export const sessionCookiesOf = (response: { headers: Headers }) =>
  response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE));

/** Asks for a link as the sign-in page's form does (NextAuth's own route); the answer's Location. */
export async function requestLink(jar: CookieJar, email: string, callbackUrl = "/settings"): Promise<string | null> {
  const { csrfToken } = (await nextAuth("csrf", { jar })).body as { csrfToken: string };
  const answer = await nextAuth("signin/email", { method: "POST", jar, form: { csrfToken, email, callbackUrl }, headers: SAME_ORIGIN });
  if (answer.status !== 302) throw new Error(`requestLink: NextAuth answered ${answer.status}`);
  return answer.headers.get("location");
}

/** The query of the link in the newest sign-in mail to `email`. */
export async function mailedLink(smtp: TestSmtpServer, email: string): Promise<URLSearchParams> {
  await smtp.waitForMail(email, { subject: SIGN_IN_LINK_SUBJECT });
  const mail = smtp.mailsTo(email).filter((sent) => SIGN_IN_LINK_SUBJECT.test(sent.subject)).at(-1)!;
  return linkTo(mail, "/auth/email-link").searchParams;
}

/** The landing page for `link`: its HTML, and the query its "Sign in" form posts (null when it has none). */
export async function openLinkPage(jar: CookieJar, link: URLSearchParams): Promise<{ html: string; posts: URLSearchParams | null }> {
  const page = await renderPage(emailLinkPage, `/auth/email-link?${link}`, jar);
  const action = (page.props as { action?: string }).action;
  if (!action) return { html: page.html, posts: null };
  const url = new URL(action, APP_ORIGIN);
  if (url.pathname !== "/api/auth/callback/email") throw new Error(`the landing page posts to ${url.pathname}`);
  return { html: page.html, posts: url.searchParams };
}

/** A POST to NextAuth's email callback with `query`, as the landing page's form (or a replay of it) sends it. */
export async function postCallback(jar: CookieJar, query: URLSearchParams, headers: Record<string, string> = SAME_ORIGIN) {
  const response = await nextAuth("callback/email", { method: "POST", jar, query, headers });
  return { status: response.status, location: response.headers.get("location"), sessionCookies: sessionCookiesOf(response) };
}

/** Opens the landing page and presses "Sign in": its form's POST to NextAuth's callback. */
export async function pressSignIn(jar: CookieJar, link: URLSearchParams, headers: Record<string, string> = SAME_ORIGIN) {
  const { posts } = await openLinkPage(jar, link);
  if (!posts) throw new Error("the landing page has no Sign in form");
  return postCallback(jar, posts, headers);
}
