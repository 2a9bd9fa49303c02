// `import "#server-only"` resolves here in a browser bundle (package.json
// "imports", "browser" condition). Every server module starts with that import,
// so a server module pulled into a page's browser code fails loudly on load
// instead of shipping secrets-handling code, or crashing obscurely, in the browser.
//
// Not the `server-only` package: Next.js refuses to build a Pages Router app
// that imports it ("This API is only available in Server Components in the
// App Router"), in API routes and getServerSideProps modules alike.
throw new Error(
  "A server-only module (one starting with import \"#server-only\") was bundled for the browser. " +
    "Import the feature's shared.ts from browser code, never its index.ts.",
);
