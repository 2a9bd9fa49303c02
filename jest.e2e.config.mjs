import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

/**
 * Browser end-to-end tests (`npm run test:e2e`): each file starts the production build
 * (`next start`, see __tests__/e2e/helpers/app-server.ts) and drives Debian's chromium.
 * Files run one at a time, because every file owns a server and a browser, and the
 * timeouts leave room for the server to boot.
 */
export default createJestConfig({
  testEnvironment: "node",
  testMatch: ["<rootDir>/__tests__/e2e/**/*.e2e.test.ts"],
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  maxWorkers: 1,
  testTimeout: 120_000,
  slowTestThreshold: 30,
});
