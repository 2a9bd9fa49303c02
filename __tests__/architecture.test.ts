import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

/**
 * The layering the README's "Layout" section describes, as a newcomer would
 * break it: `npm run lint` must refuse each wrong-way import, and a server
 * module must never load in a browser bundle.
 */

const run = promisify(execFile);
const root = path.resolve(__dirname, "..");

interface LintCase {
  /** Where the imported code pretends to live: the layer is read from the path. */
  filePath: string;
  code: string;
}

/** Lints each case with the project's ESLint config, in a child process (ESLint loads its config as ESM). */
async function boundaryErrors(cases: LintCase[]): Promise<string[][]> {
  const script = `
    import { ESLint } from "eslint";
    const cases = JSON.parse(process.env.LINT_CASES);
    // A case is code, not a file, so the TypeScript project service cannot type it: parse it
    // without types and run the one rule these cases are about.
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
      ruleFilter: ({ ruleId }) => ruleId === "boundaries/dependencies",
    });
    const out = [];
    for (const { filePath, code } of cases) {
      const [result] = await eslint.lintText(code, { filePath });
      out.push(result.messages.filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message));
    }
    console.log(JSON.stringify(out));
  `;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, LINT_CASES: JSON.stringify(cases) },
  });
  return JSON.parse(stdout) as string[][];
}

const importing = (specifier: string, name: string) => `import { ${name} } from "${specifier}";\nvoid ${name};\n`;

describe("npm run lint keeps dependencies pointing one way", () => {
  it("refuses upward imports, other features' internals, models outside a repository and server code in the browser", async () => {
    const refused: LintCase[] = [
      { filePath: "lib/core/probe.ts", code: importing("@/lib/http", "apiRoute") },
      // Core imports no feature, not even its shared vocabulary; each tier only its own and those below.
      { filePath: "lib/core/probe.ts", code: importing("@/lib/audit/shared", "ADMIN_NOTE_MAX_LENGTH") },
      { filePath: "lib/http/probe.ts", code: importing("@/lib/email-tokens/shared", "EMAIL_LINK_PROBLEM_MESSAGES") },
      { filePath: "lib/vault/probe.ts", code: importing("@/lib/users", "getUser") },
      { filePath: "lib/access/shared.ts", code: importing("@/lib/users/shared", "normalizeEmail") },
      { filePath: "lib/users/probe.ts", code: importing("@/lib/auth", "withAuth") },
      { filePath: "lib/users/shared.ts", code: importing("@/lib/auth/shared", "sameOriginUrl") },
      { filePath: "lib/auth/probe.ts", code: importing("@/lib/client", "apiClient") },
      { filePath: "lib/untiered-probe/index.ts", code: importing("@/lib/core/log", "log") },
      { filePath: "lib/auth/probe.ts", code: importing("@/pages/api/auth/[...nextauth]", "authOptions") },
      { filePath: "lib/vault/probe.ts", code: importing("@/lib/users/repository", "getUser") },
      { filePath: "lib/users/probe.ts", code: importing("@/models/User", "UserModel") },
      { filePath: "models/Probe.ts", code: importing("@/lib/core/db", "getDb") },
      { filePath: "lib/vault/shared.ts", code: importing("@/lib/vault", "getApiKeys") },
      { filePath: "components/settings/Probe.tsx", code: importing("@/lib/users", "getUser") },
      { filePath: "components/ui/Probe.tsx", code: importing("@/components/settings/ApiKeyRow", "ApiKeyRow") },
      { filePath: "pages/probe.tsx", code: importing("@/models/User", "UserModel") },
      { filePath: "proxy.ts", code: importing("@/lib/http/route", "apiRoute") },
    ];
    const results = await boundaryErrors(refused);
    results.forEach((errors, index) => {
      expect({ case: refused[index]?.filePath, refused: errors.length > 0 }).toEqual({ case: refused[index]?.filePath, refused: true });
    });
  }, 60_000);

  it("allows the intended directions", async () => {
    const allowed: LintCase[] = [
      { filePath: "pages/probe.tsx", code: importing("@/lib/auth", "withPageAuth") },
      { filePath: "proxy.ts", code: importing("@/lib/core/security-headers", "createNonce") },
      { filePath: "lib/users/probe.ts", code: importing("@/lib/vault", "getApiKeys") },
      { filePath: "lib/users/probe.ts", code: importing("@/lib/audit", "recordAuthEvent") },
      { filePath: "lib/admin/probe.ts", code: importing("@/lib/auth", "withAuth") },
      { filePath: "lib/http/probe.ts", code: importing("@/lib/core/db", "getDb") },
      { filePath: "lib/users/shared.ts", code: importing("@/lib/access/shared", "ROLES") },
      { filePath: "lib/client/probe.ts", code: importing("@/lib/account-reads/shared", "ACCOUNT_READ_URLS") },
      { filePath: "lib/users/repository.ts", code: importing("@/models/User", "UserModel") },
      { filePath: "lib/access/door.ts", code: importing("@/models/User.policy", "userPolicy") },
      { filePath: "models/Probe.ts", code: importing("@/lib/audit/shared", "ADMIN_NOTE_MAX_LENGTH") },
      { filePath: "components/settings/Probe.tsx", code: importing("@/lib/vault/shared", "API_KEY_PROVIDERS") },
      { filePath: "models/Probe.ts", code: importing("@/lib/users/shared", "normalizeEmail") },
    ];
    expect(await boundaryErrors(allowed)).toEqual(allowed.map(() => []));
  }, 60_000);
});

/**
 * Which lib folders each lib folder imports, counting only imports of a
 * feature's code (its entry or internals): shared.ts files are vocabulary
 * that imports nothing but other shared files, so they add no dependency.
 */
function featureImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of filesUnder("lib")) {
    const from = file.split("/")[1] ?? "";
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const [, feature, rest] of readFileSync(path.join(root, file), "utf8").matchAll(/from "@\/lib\/([\w-]+)(\/[\w/-]+)?"/g)) {
      if (feature && feature !== from && rest !== "/shared") targets.add(feature);
    }
  }
  return graph;
}

/** One cycle in `graph` as the path that closes it, or null when there is none. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): string[] | null => {
    if (trail.includes(node)) return [...trail.slice(trail.indexOf(node)), node];
    if (done.has(node)) return null;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...trail, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return null;
}

describe("features import each other without cycles", () => {
  it("no lib folder reaches itself again through other features' code", () => {
    expect(findCycle(featureImports())).toBeNull();
  });

  it("finds a cycle where there is one (the check itself works)", () => {
    const graph = new Map([
      ["users", new Set(["audit"])],
      ["audit", new Set(["sessions"])],
      ["sessions", new Set(["users"])],
    ]);
    expect(findCycle(graph)).toEqual(["users", "audit", "sessions", "users"]);
  });
});

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const firstLine = (file: string) => readFileSync(path.join(root, file), "utf8").split("\n", 1)[0];

describe("server and browser modules say which they are", () => {
  it("every server module under lib/ starts with #server-only, every lib/client one with client-only", () => {
    const lib = filesUnder("lib");
    const server = lib.filter((file) => !file.startsWith("lib/client/") && !file.endsWith("/shared.ts"));
    const browser = lib.filter((file) => file.startsWith("lib/client/"));
    expect(server.filter((file) => firstLine(file) !== 'import "#server-only";')).toEqual([]);
    expect(browser.filter((file) => firstLine(file) !== 'import "client-only";')).toEqual([]);
  });

  it("shared modules carry neither marker, so both sides can import them", () => {
    const shared = filesUnder("lib").filter((file) => file.endsWith("/shared.ts"));
    expect(shared.length).toBeGreaterThan(0);
    for (const file of shared) expect(readFileSync(path.join(root, file), "utf8")).not.toMatch(/server-only|client-only/);
  });

  it("a server module refuses to load in a browser bundle and loads anywhere else", async () => {
    const load = 'require("#server-only")';
    await expect(run(process.execPath, ["-e", load], { cwd: root })).resolves.toBeDefined();
    await expect(run(process.execPath, ["--conditions=browser", "-e", load], { cwd: root })).rejects.toMatchObject({
      stderr: expect.stringContaining("A server-only module"),
    });
  });
});

describe("every route that serves a person's data goes through the data door", () => {
  const routes = [...filesUnder("pages/api/user"), ...filesUnder("pages/api/admin"), "pages/api/generate.ts"];

  it.each(routes)("%s: each method is guarded by withAuth, whose door it uses, never a user id from the session", (file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    const wrappers = [...source.matchAll(/^ {2}(?:GET|POST|PUT|PATCH|DELETE): (\w+)\(/gm)].map(([, wrapper]) => wrapper);
    expect(wrappers.length).toBeGreaterThan(0);
    expect(wrappers.every((wrapper) => wrapper === "withAuth")).toBe(true);
    expect(source).not.toMatch(/session\.user\.id/);
  });
});
