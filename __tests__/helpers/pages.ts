import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { GetServerSideProps, GetServerSidePropsContext } from "next";
import { RouterContext } from "next/dist/shared/lib/router-context.shared-runtime";
import type { NextRouter } from "next/router";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
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
  setCookies: string[];
}

function cookiesOf(jar: CookieJar): Record<string, string> {
  const header = jar.header();
  if (!header) return {};
  return Object.fromEntries(header.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), decodeURIComponent(pair.slice(pair.indexOf("=") + 1))]));
}

/** Runs the page's getServerSideProps on a real Node request/response, then renders it as Next would on the server. */
export async function renderPage(page: PageModule, url: string, jar: CookieJar): Promise<Rendered> {
  const req = Object.assign(new IncomingMessage(new Socket()), { cookies: cookiesOf(jar) });
  req.method = "GET";
  req.url = url;
  req.headers = { host: "localhost:3000", cookie: jar.header() };
  const res = new ServerResponse(req);
  const query = Object.fromEntries(new URL(url, APP_ORIGIN).searchParams);
  const ctx = { req, res, query, resolvedUrl: url } as unknown as GetServerSidePropsContext;
  const result = page.getServerSideProps ? await page.getServerSideProps(ctx) : { props: {} };
  const raw = res.getHeader("set-cookie") ?? [];
  const setCookies = Array.isArray(raw) ? raw : [String(raw)];
  const headers = new Headers();
  for (const line of setCookies) headers.append("set-cookie", line);
  jar.store(new Response(null, { headers }));
  if ("redirect" in result) return { html: "", redirect: result.redirect.destination ?? null, setCookies };
  if ("notFound" in result) throw new Error("404");
  const router = { pathname: url.split("?")[0], query, asPath: url, isReady: true, push: async () => true } as unknown as NextRouter;
  const html = renderToStaticMarkup(createElement(RouterContext.Provider, { value: router }, createElement(page.default, await result.props)));
  return { html, redirect: null, setCookies };
}

/** The attributes of the first tag matching `selector` (a tag name plus an attribute that must be present). */
export function tagAttributes(html: string, tag: string, has: string): Record<string, string> | null {
  for (const [element] of html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, "g"))) {
    if (!element.includes(has)) continue;
    return Object.fromEntries([...element.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
  }
  return null;
}

