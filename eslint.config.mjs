import boundaries from "eslint-plugin-boundaries";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import jest from "eslint-plugin-jest";
import tseslint from "typescript-eslint";

/**
 * The layers and which way dependencies may point (README, "Architecture"):
 * pages → components → lib/client, and pages → lib → models. Inside lib/,
 * each folder is a feature in one tier, and imports only from its own tier
 * or the ones below it:
 *
 *   orchestration    auth, admin, account-reads
 *   domain           users, sessions, accounts, audit, notices, generation, email-flows, avatars
 *   infrastructure   access, email-tokens, mail, passwords, rate-limit, together, vault, theme
 *   core             core, http (imports no feature at all: features register with it)
 *
 * with lib/client (browser-only) on top, reading any tier's `shared.ts`.
 * Others reach a feature only through its `index.ts` (server) or `shared.ts`
 * (browser-safe), and a `shared.ts` imports only shared files of its own tier
 * or below. Within a tier, features import each other without cycles
 * (__tests__/architecture.test.ts). Only a feature's `repository.ts` and the
 * data door (lib/access/door.ts, policies.ts) touch models/; models read constant
 * vocabularies from any `shared.ts`. A lib folder in no tier is refused until
 * it is given one.
 */
const TIERS = {
  core: ["core", "http"],
  infrastructure: ["access", "email-tokens", "mail", "passwords", "rate-limit", "together", "vault", "theme"],
  domain: ["users", "sessions", "accounts", "audit", "notices", "generation", "email-flows", "avatars", "two-factor", "passkeys", "model-catalog"],
  orchestration: ["auth", "admin", "account-reads", "account-deletion", "account-export", "retention"],
};
const TIER_NAMES = Object.keys(TIERS);
/** `tier` and every tier below it. */
const tiersUpTo = (tier) => TIER_NAMES.slice(0, TIER_NAMES.indexOf(tier) + 1);

const elements = [
  { type: "server-only-marker", pattern: "lib/server-only", partialMatch: false },
  { type: "client", pattern: "lib/client", partialMatch: false },
  ...Object.entries(TIERS).map(([tier, folders]) => ({ type: tier, pattern: `lib/{${folders.join(",")}}`, capture: ["feature"], partialMatch: false })),
  { type: "untiered", pattern: "lib/*", capture: ["feature"], partialMatch: false },
  { type: "model", pattern: "models", partialMatch: false },
  { type: "component", pattern: "components/*", capture: ["group"], partialMatch: false },
  { type: "page", pattern: "pages", partialMatch: false },
  { type: "script", pattern: "scripts", partialMatch: false },
  { type: "types", pattern: "types", partialMatch: false },
];

const files = [
  { category: "shared", pattern: "lib/*/shared.ts" },
  { category: "entry", pattern: "lib/*/index.ts" },
  { category: "repository", pattern: "lib/*/repository.ts" },
  // The data door, and the list of policies it applies (declared next to the models, models/*.policy.ts).
  { category: "door", pattern: "lib/access/{door,policies}.ts" },
  // Next's top-level entry files, which sit where pages do.
  { category: "next-entry", pattern: "{proxy,instrumentation,instrumentation-client}.ts" },
];

const to = (element, file) => (file ? { element, file } : { element });
const element = (type) => to({ type });
const clientEntry = to({ type: "client" }, { categories: "entry" });
/** lib/core has no entry: each of its modules (env, db, log, …) is imported by path. */
const coreModule = to({ type: "core", captured: { feature: "core" } });
const entriesOf = (tiers) => tiers.map((tier) => to({ type: tier }, { categories: "entry" }));
const sharedOf = (tiers) => tiers.map((tier) => to({ type: tier }, { categories: "shared" }));
const anyEntry = entriesOf(TIER_NAMES);
const anyShared = sharedOf(TIER_NAMES);
const notShared = { categories: { noneOf: ["shared"] } };

/** Later policies override earlier ones for the dependencies they match. */
const policies = [
  { from: { file: { categories: "next-entry" } }, allow: { to: [coreModule, ...anyEntry, ...anyShared] } },
  { from: { element: { type: "page" } }, allow: { to: [element("component"), clientEntry, coreModule, ...anyEntry, ...anyShared] } },
  {
    from: { element: { type: "component" } },
    allow: {
      to: [
        to({ type: "component", captured: { group: "ui" } }),
        to({ type: "component", captured: { group: "{{ from.element.captured.group }}" } }),
        clientEntry,
        ...anyShared,
      ],
    },
  },
  { from: { element: { type: "client" } }, allow: { to: [element("client"), ...anyShared] } },
  // Each tier: its own feature's files, lib/core, and the entries and shared files of its tier and those below.
  ...TIER_NAMES.map((tier) => ({
    from: { element: { type: tier } },
    allow: {
      to: [
        to({ type: tier, captured: { feature: "{{ from.element.captured.feature }}" } }),
        coreModule,
        ...entriesOf(tiersUpTo(tier)),
        ...sharedOf(tiersUpTo(tier)),
        element("server-only-marker"),
      ],
    },
  })),
  // lib/http is built on lib/core, never the other way round.
  { from: { element: { type: "core", captured: { feature: "core" } } }, disallow: { to: to({ type: "core", captured: { feature: "http" } }) } },
  { from: { element: { type: "core" } }, allow: { to: element("model") } },
  { from: { file: { categories: ["repository", "door"] } }, allow: { to: element("model") } },
  // Browser-safe modules stay browser-safe: they import nothing but shared modules (of their tier or below).
  {
    from: { file: { categories: "shared" } },
    disallow: { to: [element("model"), element("client"), element("server-only-marker"), ...TIER_NAMES.map((tier) => to({ type: tier }, notShared))] },
  },
  { from: { element: { type: "model" } }, allow: { to: [element("model"), ...anyShared] } },
  { from: { element: { type: "script" } }, allow: { to: [element("script"), coreModule, ...anyEntry, ...anyShared] } },
  { from: { element: { type: "types" } }, allow: { to: anyShared } },
];

/**
 * API routes go through the route builder (lib/http/route.ts), which checks
 * same-origin, reads bodies and sends typed replies: a route file's default
 * export is a call of `apiRoute`, nothing checks same-origin by hand, and a
 * `config` is the object literal Next 16 requires, typed `ApiRouteConfig`.
 * NextAuth serves its own catch-all (its CSRF token guards its POSTs). This
 * block owns `no-restricted-syntax` for pages/api: a later block setting that
 * rule for these files would replace these selectors.
 */
const routeBuilderRules = {
  files: ["pages/api/**/*.ts"],
  ignores: ["pages/api/auth/\\[...nextauth\\].ts"],
  rules: {
    "no-restricted-syntax": [
      "error",
      {
        selector: "ExportDefaultDeclaration:not([declaration.type='CallExpression'][declaration.callee.name='apiRoute'])",
        message: "Export the route as `export default apiRoute({ ... })`: the builder checks same-origin and answers errors in the one shape.",
      },
      { selector: "ExportSpecifier[exported.name='default']", message: "Export the route as `export default apiRoute({ ... })`." },
      {
        selector: "CallExpression[callee.name='assertSameOrigin']",
        message: "apiRoute checks same-origin for every method but GET; a route that must accept another site says so with `allowCrossSite`.",
      },
      {
        selector: "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name='config']:not([init.type='ObjectExpression'][id.typeAnnotation.typeAnnotation.typeName.name='ApiRouteConfig'])",
        message: "Write `export const config: ApiRouteConfig = { api: { bodyParser: false } };` (lib/http/body.ts says why it is a literal).",
      },
      { selector: "ExportSpecifier[exported.name='config']", message: "Next 16 refuses a re-exported `config`: write it as an `ApiRouteConfig` literal." },
      {
        selector: "CallExpression[callee.property.name='json']:matches([callee.object.name='res'], [callee.object.callee.property.name='status'])",
        message: "Return `json(status, body)`: the builder sends it, and the body's type is the route's answer.",
      },
    ],
    "no-restricted-imports": [
      "error",
      { patterns: [{ group: ["@/lib/http/same-origin"], message: "apiRoute checks same-origin; use `allowCrossSite` to opt a method out." }] },
    ],
  },
};

/**
 * A promise nobody awaits loses its failure, and a test's unawaited
 * `expect(...).resolves` passes whatever happens: every promise is awaited,
 * returned, given a rejection handler, or marked `void` on purpose.
 * Type-aware: the TypeScript project service reads tsconfig.json.
 */
const floatingPromiseRules = {
  files: ["**/*.{ts,tsx}"],
  plugins: { "@typescript-eslint": tseslint.plugin },
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: { "@typescript-eslint/no-floating-promises": "error" },
};

/** Every `expect` in a test asserts something, and an async one (`.resolves`, `.rejects`) is awaited or returned. */
const testExpectRules = {
  files: ["__tests__/**"],
  plugins: { jest },
  rules: { "jest/valid-expect": "error" },
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    plugins: { boundaries },
    settings: {
      "boundaries/root-path": import.meta.dirname,
      "boundaries/elements": elements,
      "boundaries/files": files,
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", checkInternals: true, policies }],
    },
  },
  // Tests reach into any layer on purpose: they prove each one's behaviour.
  { files: ["__tests__/**"], rules: { "boundaries/dependencies": "off" } },
  routeBuilderRules,
  floatingPromiseRules,
  testExpectRules,
  {
    ignores: [".next/**", "bench/baseline/.next/**", "bench/results/**", "node_modules/**", ".data/**", "artifacts/**", "coverage/**", "tools/**", "next-env.d.ts"],
  },
];

export default config;
