import NextApp, { type AppContext, type AppInitialProps, type AppProps } from "next/app";
import Head from "next/head";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { SWRConfig } from "swr";
import { Header } from "@/components/layout/Header";
import { VerifyEmailBanner } from "@/components/layout/VerifyEmailBanner";
import { useRouteFocus } from "@/lib/client";
import type { SwrFallback } from "@/lib/account-reads/shared";
import { themeFromCookies, type Theme } from "@/lib/theme/shared";
import "@/styles/globals.css";

interface KeyForgePageProps {
  /** The session the page's getServerSideProps read (null: signed out), so the header renders final at once. */
  session?: Session | null;
  /** Answers the page read on the server, by SWR key (see lib/account-reads), so its sections render with data at once. */
  fallback?: SwrFallback;
}

type KeyForgeAppProps = AppProps<KeyForgePageProps> & { theme: Theme };

export default function App({ Component, pageProps, theme }: KeyForgeAppProps) {
  const { session, fallback, ...props } = pageProps;
  useRouteFocus();
  return (
    <SessionProvider session={session}>
      <SWRConfig value={{ fallback: fallback ?? {} }}>
        <Head>
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>KeyForge</title>
        </Head>
        <Header theme={theme} />
        <VerifyEmailBanner />
        <Component {...props} />
      </SWRConfig>
    </SessionProvider>
  );
}

/**
 * Renders every page per request, the ones without getServerSideProps and the
 * 404 and 500 pages included: each response needs its own CSP nonce (see
 * proxy.ts), and HTML prerendered at build time would carry none. Next's
 * default App.getInitialProps only runs the page's own getInitialProps.
 * Also reads the theme cookie (on the server from the request, in the browser
 * from the document), so the header's switch shows the choice in effect.
 */
App.getInitialProps = async (context: AppContext): Promise<AppInitialProps & { theme: Theme }> => {
  const initialProps = await NextApp.getInitialProps(context);
  const cookies = context.ctx.req ? context.ctx.req.headers.cookie : document.cookie;
  return { ...initialProps, theme: themeFromCookies(cookies) };
};
