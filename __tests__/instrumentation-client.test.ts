/**
 * instrumentation-client.ts turns zod's JIT compiler off without importing
 * zod (so pages that never use zod do not load it): the setting must reach
 * zod whether zod loads after it, as in the browser, or before it.
 */

const ZOD_CONFIG_KEY = "__zod_globalConfig";

beforeEach(() => {
  jest.resetModules();
  Reflect.deleteProperty(globalThis, ZOD_CONFIG_KEY);
});

afterAll(() => Reflect.deleteProperty(globalThis, ZOD_CONFIG_KEY));

test("zod loaded after it runs without its compiler", async () => {
  await import("@/instrumentation-client");
  const { z } = await import("zod");
  expect(z.config().jitless).toBe(true);
});

test("zod loaded before it runs without its compiler too, its other settings kept", async () => {
  const { z } = await import("zod");
  const localeError = () => "a message";
  z.config({ localeError });
  expect(z.config().jitless).toBeUndefined();
  await import("@/instrumentation-client");
  expect(z.config()).toMatchObject({ jitless: true, localeError });
});
