import type { AppProps } from "next/app";
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
