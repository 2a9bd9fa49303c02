import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { GetServerSideProps, GetServerSidePropsContext } from "next";
import { RouterContext } from "next/dist/shared/lib/router-context.shared-runtime";
import type { NextRouter } from "next/router";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { SWRConfig } from "swr";
import { APP_ORIGIN, CookieJar } from "./auth";

/**
 * A page as a browser without JavaScript gets it: getServerSideProps on a
 * real Node request and response, then the server-rendered HTML.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each page module has its own props type
type PageModule = { default: ComponentType<any>; getServerSideProps?: GetServerSideProps<any> };

interface Rendered {
  html: string;
  redirect: string | null;
  /** The redirect's status, when it set one (a form post's 303); null otherwise. */
  redirectStatus: number | null;
  /** The response's status as getServerSideProps left it (a refused form post sets one). */
  status: number;
  /** The props the page rendered with (null after a redirect). */
  props: Record<string, unknown> | null;
  setCookies: string[];
}

/** A form post (or any other request) to the page instead of a plain GET. */
interface PageRequest {
  method?: string;
  /** Added to the host and cookie headers (e.g. origin, content-type). */
  headers?: Record<string, string>;
  /** The raw request body, streamed to the page as a browser would send it. */
  body?: string;
}

function cookiesOf(jar: CookieJar): Record<string, string> {
  const header = jar.header();
  if (!header) return {};
  return Object.fromEntries(header.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), decodeURIComponent(pair.slice(pair.indexOf("=") + 1))]));
}

/** The page inside what pages/_app.tsx gives every page: the session's provider and SWR's fallback (the header aside). */
function asTheAppRendersIt(page: PageModule, props: Record<string, unknown>) {
  const { session, fallback, ...rest } = props;
  const pageElement = createElement(SWRConfig, { value: { fallback: isRecord(fallback) ? fallback : {} } }, createElement(page.default, rest));
  // SessionProvider's props type requires `children`, so (without JSX, in a .ts file) they go there.
  // eslint-disable-next-line react/no-children-prop
  return createElement(SessionProvider, { session: isSession(session) ? session : null, children: pageElement });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isSession(value: unknown): value is Session {
  return isRecord(value) && isRecord(value.user) && typeof value.expires === "string";
}

/** Runs the page's getServerSideProps on a real Node request/response, then renders it as Next would on the server. */
export async function renderPage(page: PageModule, url: string, jar: CookieJar, request: PageRequest = {}): Promise<Rendered> {
  const req = Object.assign(new IncomingMessage(new Socket()), { cookies: cookiesOf(jar) });
  req.method = request.method ?? "GET";
  req.url = url;
  req.headers = { host: "localhost:3000", cookie: jar.header(), ...request.headers };
  if (request.body !== undefined) {
    req.headers["content-length"] ??= String(Buffer.byteLength(request.body));
    req.push(request.body);
  }
  req.push(null);
  const res = new ServerResponse(req);
  const query = Object.fromEntries(new URL(url, APP_ORIGIN).searchParams);
  const ctx = { req, res, query, resolvedUrl: url } as unknown as GetServerSidePropsContext;
  const result = page.getServerSideProps ? await page.getServerSideProps(ctx) : { props: {} };
  const raw = res.getHeader("set-cookie") ?? [];
  const setCookies = Array.isArray(raw) ? raw : [String(raw)];
  const headers = new Headers();
  for (const line of setCookies) headers.append("set-cookie", line);
  jar.store(new Response(null, { headers }));
  if ("redirect" in result) {
    const redirectStatus = "statusCode" in result.redirect ? result.redirect.statusCode : null;
    return { html: "", redirect: result.redirect.destination ?? null, redirectStatus, status: res.statusCode, props: null, setCookies };
  }
  if ("notFound" in result) throw new Error("404");
  const router = { pathname: url.split("?")[0], query, asPath: url, isReady: true, push: async () => true } as unknown as NextRouter;
  const props = await result.props;
  const html = renderToStaticMarkup(createElement(RouterContext.Provider, { value: router }, asTheAppRendersIt(page, props)));
  return { html, redirect: null, redirectStatus: null, status: res.statusCode, props, setCookies };
}

/** The attributes of the first tag matching `selector` (a tag name plus an attribute that must be present). */
export function tagAttributes(html: string, tag: string, has: string): Record<string, string> | null {
  for (const [element] of html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, "g"))) {
    if (!element.includes(has)) continue;
    return Object.fromEntries([...element.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
  }
  return null;
}

