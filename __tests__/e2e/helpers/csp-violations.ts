import type { BrowserContext } from "playwright-core";

/**
 * Content-Security-Policy violations as the browser reports them
 * (`securitypolicyviolation` events), collected on every page a browser test
 * opens, so a page that needs something its policy forbids fails the test
 * instead of silently losing a script or a style.
 */

/** One violation, in the words of the browser's event. */
export interface CspViolation {
  /** The document's URL. */
  page: string;
  /** The directive that refused it, e.g. `script-src-elem`. */
  directive: string;
  /** What was refused: a URL, or `inline` / `eval`. */
  blocked: string;
  /** The first characters of an inline script or style, when the policy asks for them. */
  sample: string;
  /** Where the refused code was called from: `file:line:column`, when the browser knows. */
  source: string;
}

const bindingName = "__keyforgeReportCspViolation";

/**
 * Records every violation in `context` (every page, frame and navigation) into
 * `into`. The report goes through a Playwright binding, which survives
 * navigations and is installed before the page's first script runs, so
 * nothing is lost when a violation comes just before the page unloads.
 */
export async function recordCspViolations(context: BrowserContext, into: CspViolation[]): Promise<void> {
  await context.exposeBinding(bindingName, (_source, violation: CspViolation) => {
    into.push(violation);
  });
  await context.addInitScript((name: string) => {
    const report: unknown = Reflect.get(window, name);
    if (typeof report !== "function") return;
    document.addEventListener(
      "securitypolicyviolation",
      (event) => {
        const source = event.sourceFile ? `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` : "";
        report({ page: location.href, directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, source });
      },
      { capture: true },
    );
  }, bindingName);
}

/** Throws, listing them, when there is any violation. */
export function assertNoCspViolations(violations: readonly CspViolation[]): void {
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `  - ${v.page}: ${v.directive} refused ${v.blocked || "(unknown)"}${v.sample ? ` (${v.sample})` : ""}${v.source ? ` at ${v.source}` : ""}`,
  );
  throw new Error(`The browser reported ${violations.length} Content-Security-Policy violation(s):\n${lines.join("\n")}`);
}
