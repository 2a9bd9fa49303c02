/**
 * Empty on purpose. Turbopack's root is the repository (where node_modules
 * is), and without a file of this name here it builds KeyForge's own
 * instrumentation.ts from that root into this app, start-up check and all.
 * (It compiles KeyForge's proxy.ts too, but Next never registers it: the
 * baseline's middleware manifest stays empty and no request runs it.)
 */
export function register() {}
