import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";
import { nonceFromHeaders } from "@/lib/core/security-headers";
import { themeAttribute, themeFromCookies, type Theme } from "@/lib/theme/shared";

interface Props {
  /** This request's CSP nonce (see proxy.ts); undefined only where the proxy does not run. */
  nonce?: string;
  /** The theme cookie's choice, rendered as <html data-theme> so the first paint is already right. */
  theme: Theme;
}

/**
 * Marks the page as scripted before anything is painted, so CSS can fold the
 * header into its Menu button only where that button will work.
 */
const markScripted = 'document.documentElement.classList.add("js")';

/**
 * Puts the request's CSP nonce on every script and style tag Next renders, so
 * the page runs under a policy without 'unsafe-inline'. Every page is rendered
 * per request (see _app.tsx): a page prerendered at build time would carry no nonce.
 */
export default class KeyForgeDocument extends Document<Props> {
  static override async getInitialProps(ctx: DocumentContext): Promise<DocumentInitialProps & Props> {
    const nonce = ctx.req ? nonceFromHeaders(ctx.req.headers) : undefined;
    // With the nonce, styles collected during the render (styled-jsx) are nonced too.
    const initialProps = await ctx.defaultGetInitialProps(ctx, { nonce });
    return { ...initialProps, nonce, theme: themeFromCookies(ctx.req?.headers.cookie) };
  }

  override render() {
    const { nonce, theme } = this.props;
    return (
      <Html lang="en" data-theme={themeAttribute(theme)}>
        <Head nonce={nonce}>
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: markScripted }} />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="icon" href="/favicon.ico" sizes="32x32" />
          <meta name="application-name" content="KeyForge" />
          <meta name="theme-color" media="(prefers-color-scheme: light)" content="#f6f8fa" />
          <meta name="theme-color" media="(prefers-color-scheme: dark)" content="#161b22" />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
