import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

/** API and library tests: Node environment, one database per test file (see __tests__/helpers). */
export default createJestConfig({
  testEnvironment: "<rootDir>/__tests__/helpers/environment.ts",
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/e2e/"],
  moduleNameMapper: {
    "^@/(.*)$": "<rootDir>/$1",
    // Its package exports only an `import` entry; jest resolves with `require`.
    "^@auth/mongodb-adapter$": "<rootDir>/node_modules/@auth/mongodb-adapter/index.js",
  },
  globalSetup: "<rootDir>/__tests__/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/helpers/global-teardown.ts",
  setupFiles: ["<rootDir>/__tests__/helpers/setup-env.ts"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/helpers/after-env.ts"],
  testTimeout: 30_000,
});
