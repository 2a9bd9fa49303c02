// `import "#server-only"` resolves here on the server (Node, jest, tsx, Next's
// server bundles): nothing to do. See package.json "imports" and ./browser.js.
