import "client-only";
import type { z } from "zod";

/**
 * Runs in the browser before any page code (Next loads it first). zod
 * compiles object parsers with `new Function`, and probes whether it may when
 * a schema is defined: under our Content-Security-Policy (no 'unsafe-eval',
 * see lib/core/security-headers.ts) the probe is refused and the browser
 * reports a violation on every page. Without the compiler zod parses the same
 * way, a little slower, which form-sized inputs never notice.
 *
 * Not `z.config({ jitless: true })`: importing zod here would put it on every
 * page, the landing page included, which never uses it. zod keeps its
 * configuration in one object on globalThis, under this name, and adopts the
 * object it finds there when it loads (zod/v4/core/core.js); so the setting is
 * made on that object, whether zod has loaded yet or not.
 */
const ZOD_CONFIG_KEY = "__zod_globalConfig";
const settings = { jitless: true } satisfies z.core.$ZodConfig;

const existing: unknown = Reflect.get(globalThis, ZOD_CONFIG_KEY);
if (typeof existing === "object" && existing !== null) Object.assign(existing, settings);
else Reflect.set(globalThis, ZOD_CONFIG_KEY, { ...settings });
