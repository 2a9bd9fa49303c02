import boundaries from "eslint-plugin-boundaries";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * The layers and which way dependencies may point (README, "Layout"):
 * pages → components → lib/client, and pages → features → core → models,
 * with each feature's browser-safe `shared.ts` importable from anywhere.
 * A feature is one folder under lib/; others reach it only through its
 * `index.ts` (server) or `shared.ts` (browser-safe), and only its
 * `repository.ts` touches models/.
 */
const elements = [
  { type: "server-only-marker", pattern: "lib/server-only", partialMatch: false },
  { type: "core", pattern: "lib/core", partialMatch: false },
  { type: "client", pattern: "lib/client", partialMatch: false },
  { type: "feature", pattern: "lib/*", capture: ["feature"], partialMatch: false },
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
  // Next's top-level entry files, which sit where pages do.
  { category: "next-entry", pattern: "{proxy,instrumentation,instrumentation-client}.ts" },
];

const to = (element, file) => (file ? { element, file } : { element });
const sharedModule = to({ type: "feature" }, { categories: "shared" });
const featureEntry = to({ type: "feature" }, { categories: "entry" });
const sameFeature = to({ type: "feature", captured: { feature: "{{ from.element.captured.feature }}" } });
const element = (type) => to({ type });
const clientEntry = to({ type: "client" }, { categories: "entry" });

/** Later policies override earlier ones for the dependencies they match. */
const policies = [
  { from: { file: { categories: "next-entry" } }, allow: { to: [element("core"), featureEntry, sharedModule] } },
  { from: { element: { type: "page" } }, allow: { to: [element("component"), clientEntry, element("core"), featureEntry, sharedModule] } },
  {
    from: { element: { type: "component" } },
    allow: {
      to: [
        to({ type: "component", captured: { group: "ui" } }),
        to({ type: "component", captured: { group: "{{ from.element.captured.group }}" } }),
        clientEntry,
        sharedModule,
      ],
    },
  },
  { from: { element: { type: "client" } }, allow: { to: [element("client"), sharedModule] } },
  {
    from: { element: { type: "feature" } },
    allow: { to: [sameFeature, featureEntry, sharedModule, element("core"), element("server-only-marker")] },
  },
  { from: { file: { categories: "repository" } }, allow: { to: element("model") } },
  // Browser-safe modules stay browser-safe: they import nothing but other shared modules.
  { from: { file: { categories: "shared" } }, disallow: { to: [element("core"), element("model"), element("client")] } },
  { from: { file: { categories: "shared" } }, disallow: { to: { element: { type: "feature" }, file: { categories: { noneOf: ["shared"] } } } } },
  { from: { element: { type: "core" } }, allow: { to: [element("core"), element("model"), sharedModule, element("server-only-marker")] } },
  { from: { element: { type: "model" } }, allow: { to: [element("model"), sharedModule] } },
  { from: { element: { type: "script" } }, allow: { to: [element("script"), element("core"), featureEntry, sharedModule] } },
  { from: { element: { type: "types" } }, allow: { to: sharedModule } },
];

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
  {
    ignores: [".next/**", "bench/baseline/.next/**", "bench/results/**", "node_modules/**", ".data/**", "artifacts/**", "coverage/**", "tools/**", "next-env.d.ts"],
  },
];

export default config;
