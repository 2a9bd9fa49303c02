import NextApp, { type AppContext, type AppProps } from "next/app";
import Head from "next/head";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { Header } from "@/components/layout/Header";
import "@/styles/globals.css";

/** Pages guarded with withPageAuth pass the session they already read, so the header has no loading flash. */
export default function App({ Component, pageProps }: AppProps<{ session?: Session | null }>) {
  const { session, ...props } = pageProps;
  return (
    <SessionProvider session={session}>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>KeyForge</title>
      </Head>
      <Header />
      <Component {...props} />
    </SessionProvider>
  );
}

/**
 * Renders every page per request, the ones without getServerSideProps and the
 * 404 and 500 pages included: each response needs its own CSP nonce (see
 * proxy.ts), and HTML prerendered at build time would carry none. Next's
 * default App.getInitialProps only runs the page's own getInitialProps.
 */
App.getInitialProps = (context: AppContext) => NextApp.getInitialProps(context);
