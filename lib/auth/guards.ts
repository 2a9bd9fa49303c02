import "#server-only";
import type { GetServerSideProps, GetServerSidePropsContext, NextApiRequest, NextApiResponse } from "next";
import type { Session } from "next-auth";
import { forSession, type DataAccess } from "@/lib/access";
import type { OAuthProviderOption } from "@/lib/accounts/shared";
import { getEnv } from "@/lib/core/env";
import { HttpError, type MethodHandler, type Reply } from "@/lib/http";
import type { Role } from "@/lib/access/shared";
import { twoFactorErrors } from "@/lib/two-factor";
import { ADMIN_SECOND_FACTOR_PAGE, adminNeedsSecondFactor } from "./admin-second-factor";
import { configuredProviders } from "./providers";
import { readServerSession } from "./server-session";
import { safeCallbackPath } from "./shared";

/** Responses that depend on who is signed in must never be cached by a shared cache. */
const PRIVATE_NO_STORE = "private, no-store";

/** What a guarded handler gets: the session, and the data door built for it (the only way it reaches data). */
export interface Authenticated {
  session: Session;
  data: DataAccess;
}

type AuthedHandler<Answer extends Reply> = (req: NextApiRequest, res: NextApiResponse, auth: Authenticated) => Promise<Answer> | Answer;

/**
 * Guards an API method: 401 when signed out, 403 when `role` is required and
 * the user lacks it (or, for "admin", 403 TWO_FACTOR_SETUP_REQUIRED while
 * the admin has no second factor and one is required). The handler then reaches data only through the door
 * `forSession` builds, which applies the models' policies to every call.
 */
export function withAuth<Answer extends Reply>(handler: AuthedHandler<Answer>, options: { role?: Role } = {}): MethodHandler<Answer> {
  return async (req, res) => {
    res.setHeader("Cache-Control", PRIVATE_NO_STORE);
    const session = await readServerSession(req, res);
    if (!session) throw HttpError.unauthenticated();
    if (options.role && session.user.role !== options.role) throw HttpError.forbidden();
    if (options.role === "admin" && (await adminNeedsSecondFactor(session))) throw twoFactorErrors.adminSetupRequired();
    // Built on first use: a handler that needs only the session pays nothing for the door.
    let data: DataAccess | undefined;
    return handler(req, res, {
      session,
      get data() {
        return (data ??= forSession(session));
      },
    });
  };
}

/** A page's answer to a form post it accepted: "see /there" (303), so a reload gets the page instead of posting again. */
interface SeeOther {
  redirect: { destination: string; statusCode: 303 };
}

/** A redirect that turns any method into GET: a form posted while signed out is not posted again to the sign-in page. */
function redirectTo(ctx: GetServerSidePropsContext, destination: string) {
  return ctx.req.method === "POST" ? { redirect: { destination, statusCode: 303 as const } } : { redirect: { destination, permanent: false } };
}

/**
 * Guards a page's getServerSideProps: signed out → sign-in with a same-origin
 * callbackUrl; signed in without `role` → /unauthorized; an admin page while
 * the admin must set up a second factor → the page that says so. `getProps` answers
 * the page's props, or `SeeOther` after a form post it accepted.
 */
export function withPageAuth<Props extends Record<string, unknown>>(
  getProps: (ctx: GetServerSidePropsContext, session: Session) => Promise<Props | SeeOther> | Props | SeeOther,
  options: { role?: Role } = {},
): GetServerSideProps<Props & { session: Session }> {
  return async (ctx) => {
    ctx.res.setHeader("Cache-Control", PRIVATE_NO_STORE);
    const session = await readServerSession(ctx.req, ctx.res);
    if (!session) return redirectTo(ctx, `/auth/signin?callbackUrl=${encodeURIComponent(ctx.resolvedUrl)}`);
    if (options.role && session.user.role !== options.role) return redirectTo(ctx, "/unauthorized");
    if (options.role === "admin" && (await adminNeedsSecondFactor(session))) return redirectTo(ctx, ADMIN_SECOND_FACTOR_PAGE);
    const answer = await getProps(ctx, session);
    if (isSeeOther(answer)) return answer;
    return { props: { ...answer, session } };
  };
}

function isSeeOther(answer: object): answer is SeeOther {
  if (!("redirect" in answer)) return false;
  const { redirect } = answer;
  return typeof redirect === "object" && redirect !== null && "statusCode" in redirect && redirect.statusCode === 303;
}

/**
 * For a page open to everyone that shows more to a signed-in person: its
 * props from the session (or null), never cached, since the same URL answers
 * differently per person.
 */
export function withOptionalPageAuth<Props extends Record<string, unknown>>(
  getProps: (ctx: GetServerSidePropsContext, session: Session | null) => Promise<Props> | Props,
): GetServerSideProps<Props & { session: Session | null }> {
  return async (ctx) => {
    ctx.res.setHeader("Cache-Control", PRIVATE_NO_STORE);
    const session = await readServerSession(ctx.req, ctx.res);
    return { props: { ...(await getProps(ctx, session)), session } };
  };
}

/**
 * For the sign-in and sign-up pages: the page's same-origin `callbackUrl`, and
 * a redirect to it when the visitor is already signed in.
 */
export async function callbackForAuthPage(
  ctx: GetServerSidePropsContext,
): Promise<{ callbackUrl: string; redirect: { destination: string; permanent: false } | null }> {
  const callbackUrl = safeCallbackPath(ctx.query.callbackUrl);
  const signedIn = await readServerSession(ctx.req, ctx.res);
  return { callbackUrl, redirect: signedIn ? { destination: callbackUrl, permanent: false } : null };
}

/** The enabled OAuth providers, for the sign-in page's buttons and Settings (from the configuration: no HTTP round trip). */
export function oauthProviders(): OAuthProviderOption[] {
  return configuredProviders(getEnv()).map(({ option }) => option);
}
