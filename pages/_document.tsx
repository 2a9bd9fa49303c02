import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";
import { nonceFromHeaders } from "@/lib/core/security-headers";

interface Props {
  /** This request's CSP nonce (see proxy.ts); undefined only where the proxy does not run. */
  nonce?: string;
}

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
    return { ...initialProps, nonce };
  }

  override render() {
    const { nonce } = this.props;
    return (
      <Html lang="en">
        <Head nonce={nonce} />
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
