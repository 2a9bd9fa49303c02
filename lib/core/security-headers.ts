import "#server-only";
import { randomBytes } from "node:crypto";
import type { Env } from "./env";

/**
 * The headers that depend on the request: the Content-Security-Policy (a fresh
 * nonce per page) and HSTS (only over https). proxy.ts sets them on pages;
 * API routes set their own (apiSecurityHeaders, through lib/http's apiRoute
 * and the NextAuth route), sparing every API call the proxy's cost. The fixed ones (X-Frame-Options, nosniff, Referrer-Policy,
 * Permissions-Policy, COOP) come from next.config.js, which also covers the
 * static files the proxy skips.
 */

/** The request header that carries the page's nonce from proxy.ts to pages/_document.tsx. */
export const NONCE_HEADER = "x-nonce";

/** Two years, subdomains included: the value HSTS preload lists ask for. */
const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** JSON answers are never rendered as documents: they may load nothing and be framed by no one. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** 128 random bits, base64: unguessable, and new for every page view. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The nonce proxy.ts put on the request, if it looks like one of ours (a client cannot choose it: the proxy overwrites it). */
export function nonceFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[NONCE_HEADER];
  return typeof value === "string" && /^[A-Za-z0-9+/]{22}==$/.test(value) ? value : undefined;
}

/**
 * Where sign-in forms may lead: the enabled OAuth providers' sign-in pages.
 * The "Continue with …" buttons are forms posting to NextAuth, which answers
 * with a redirect to the provider, and `form-action` applies to that redirect
 * too. The OIDC provider's authorization endpoint is taken to be on its
 * issuer's origin, as it is for Keycloak, Okta, Auth0, Entra ID and Google.
 */
export function oauthFormActionOrigins(env: Pick<Env, "GITHUB_ID" | "GOOGLE_ID" | "OIDC_ISSUER">): string[] {
  return [
    ...(env.GITHUB_ID ? ["https://github.com"] : []),
    ...(env.GOOGLE_ID ? ["https://accounts.google.com"] : []),
    ...(env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : []),
  ];
}

interface PagePolicyOptions {
  nonce: string;
  /** Origins forms may submit to besides this site (`oauthFormActionOrigins`). */
  formActionOrigins?: string[];
  /** `next dev`: React Refresh evaluates code and its dev overlay injects styles. */
  development: boolean;
  https: boolean;
}

/**
 * The policy for HTML pages. Scripts run only with this response's nonce;
 * `'strict-dynamic'` lets those scripts load Next's chunks, and `'self'` is
 * only the fallback for browsers without CSP3. Styles are our own files (and
 * nonced `<style>` tags, e.g. from styled-jsx); development alone needs
 * `'unsafe-eval'` for React Refresh and `'unsafe-inline'` for the style tags
 * the dev server injects without a nonce.
 */
export function pageContentSecurityPolicy({ nonce, development, https, formActionOrigins = [] }: PagePolicyOptions): string {
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["img-src", "'self'", "data:", "https:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(development ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...formActionOrigins],
    ["frame-ancestors", "'none'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((words) => words.join(" ")).join("; ");
}

interface HttpsFacts {
  /** NEXTAUTH_URL: the site's public URL. */
  siteUrl: string | undefined;
  /** TRUST_PROXY: whether X-Forwarded-* headers come from our own proxy. */
  trustProxy: boolean;
  /** The request's X-Forwarded-Proto header. */
  forwardedProto: string | null | undefined;
}

/**
 * Whether the site is served over https: its public URL says so, or our own
 * proxy says this request came over https. Next itself believes any client's
 * X-Forwarded-Proto (request.nextUrl.protocol), so that is never read unless
 * TRUST_PROXY is set, and then the last entry, the one our proxy wrote.
 */
export function isServedOverHttps({ siteUrl, trustProxy, forwardedProto }: HttpsFacts): boolean {
  if (siteUrl?.startsWith("https://")) return true;
  if (!trustProxy || !forwardedProto) return false;
  return forwardedProto.split(",").at(-1)?.trim().toLowerCase() === "https";
}

interface ResponseFacts extends PagePolicyOptions {
  pathname: string;
}

/** The request-dependent security headers of an API answer: a policy that allows nothing, and HSTS over https. */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    ...(https ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/** The request-dependent security headers of one response. */
export function securityHeadersFor({ pathname, ...page }: ResponseFacts): Record<string, string> {
  if (pathname === "/api" || pathname.startsWith("/api/")) return apiSecurityHeaders(page.https);
  return {
    "Content-Security-Policy": pageContentSecurityPolicy(page),
    ...(page.https ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}
