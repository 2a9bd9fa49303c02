import type { Page } from "playwright-core";
import { startAppServer, type AppServer, type AppServerOptions } from "./app-server";
import { launchBrowser, type TestBrowser } from "./browser";

interface AppInBrowser {
  /** The running app (valid inside tests and hooks). */
  readonly server: AppServer;
  /** A new page in a fresh context: a new visitor with no cookies. */
  newPage(): Promise<Page>;
}

/**
 * One production server and one browser for a test file: started before its
 * tests, stopped after them. Call at the top of a describe or file.
 */
export function appInBrowserForThisFile(options: AppServerOptions = {}): AppInBrowser {
  let server: AppServer | undefined;
  let browser: TestBrowser | undefined;

  beforeAll(async () => {
    server = await startAppServer(options);
    browser = await launchBrowser({ baseUrl: server.baseUrl });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      if (!server) throw new Error("the app server is not running (use it inside a test)");
      return server;
    },
    newPage() {
      if (!browser) throw new Error("the browser is not running (use it inside a test)");
      return browser.newPage();
    },
  };
}
