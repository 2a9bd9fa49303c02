import "client-only";
import { z } from "zod";

/**
 * Runs in the browser before any page code (Next loads it first). zod
 * compiles object parsers with `new Function`, and probes whether it may when
 * a schema is defined: under our Content-Security-Policy (no 'unsafe-eval',
 * see lib/core/security-headers.ts) the probe is refused and the browser
 * reports a violation on every page. Without the compiler zod parses the same
 * way, a little slower, which form-sized inputs never notice.
 */
z.config({ jitless: true });
