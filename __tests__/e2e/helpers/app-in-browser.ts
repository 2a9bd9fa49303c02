import type { Page } from "playwright-core";
import { startAppServer, type AppServer, type AppServerOptions } from "./app-server";
import { launchBrowser, type PageOptions, type TestBrowser } from "./browser";
import { assertNoCspViolations, type CspViolation } from "./csp-violations";

interface AppInBrowser {
  /** The running app (valid inside tests and hooks). */
  readonly server: AppServer;
  /** A new page in a fresh context: a new visitor with no cookies (unless `options.storageState` gives some). */
  newPage(options?: PageOptions): Promise<Page>;
  /**
   * The Content-Security-Policy violations reported since the test began (or
   * the previous call), removed from the list. Any left at the end of a test
   * fail it, so only a test that provokes one on purpose needs this.
   */
  takeCspViolations(): CspViolation[];
}

/**
 * One production server and one browser for a test file: started before its
 * tests, stopped after them. Call at the top of a describe or file. Every
 * test fails if a page it opened reported a Content-Security-Policy violation.
 */
export function appInBrowserForThisFile(options: AppServerOptions = {}): AppInBrowser {
  let server: AppServer | undefined;
  let browser: TestBrowser | undefined;

  beforeAll(async () => {
    server = await startAppServer(options);
    browser = await launchBrowser({ baseUrl: server.baseUrl });
  });

  afterEach(() => assertNoCspViolations(browser?.takeCspViolations() ?? []));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      if (!server) throw new Error("the app server is not running (use it inside a test)");
      return server;
    },
    newPage(options) {
      if (!browser) throw new Error("the browser is not running (use it inside a test)");
      return browser.newPage(options);
    },
    takeCspViolations() {
      return browser?.takeCspViolations() ?? [];
    },
  };
}
