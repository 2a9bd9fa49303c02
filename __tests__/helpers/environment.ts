import type { EnvironmentContext, JestEnvironmentConfig } from "@jest/environment";
import NodeEnvironment from "jest-environment-node";

/**
 * Node test environment that applies a test file's configuration before any
 * module is imported (the app validates its environment once, at import):
 *
 *   /** @jest-environment-options {"env": {"SESSION_REVALIDATE_SECONDS": "0"}} *\/
 *
 * Each file's `process.env` is its own copy, so values do not leak between files.
 */
export default class AppTestEnvironment extends NodeEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const { env } = config.projectConfig.testEnvironmentOptions as { env?: Record<string, string> };
    Object.assign(this.global.process.env, env);
  }
}
