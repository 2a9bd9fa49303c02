/** @jest-environment-options {"env": {"GENERATE_MAX_TOKENS": "2048"}} */
import * as preferencesRoute from "@/pages/api/user/preferences";
import type { PreferencesResponse } from "@/lib/generation/shared";
import { APP_ORIGIN, signedInUser, type CookieJar } from "../../../helpers/auth";
import { callRoute } from "../../../helpers/http";
import { adminViewingAs } from "../../../helpers/two-factor";
import { usersCollection } from "../../../helpers/users";

/**
 * A person's generation defaults (temperature, max tokens) and instruction
 * presets, remembered on the server in their preferences: `PATCH
 * /api/user/preferences { generation }` changes only the fields given.
 */

type Answer = Partial<PreferencesResponse> & { error?: { code: string; fields?: Record<string, string[]> } };
const ORIGIN = { origin: APP_ORIGIN };
const read = (jar: CookieJar) => callRoute<Answer>(preferencesRoute, { jar });
const patch = (jar: CookieJar, json: unknown, headers: Record<string, string> = ORIGIN) =>
  callRoute<Answer>(preferencesRoute, { method: "PATCH", jar, json, headers });

const NONE = { temperature: null, maxTokens: null, presets: [], defaultPreset: null };
const tests = { name: "Tests too", text: "Add unit tests for the code." };

describe("generation preferences", () => {
  it("start empty, are saved field by field and read back", async () => {
    const { jar } = await signedInUser();
    expect((await read(jar)).body.preferences).toEqual({ keepGenerationHistory: true, generation: NONE });

    const saved = await patch(jar, { generation: { temperature: 0.4, maxTokens: 1000 } });
    expect(saved.status).toBe(200);
    expect(saved.body.preferences?.generation).toEqual({ ...NONE, temperature: 0.4, maxTokens: 1000 });

    // Presets and the default in another request keep the numbers saved before; the default's spelling is the preset's.
    await patch(jar, { generation: { presets: [tests], defaultPreset: "tests TOO" } });
    expect((await read(jar)).body.preferences).toEqual({
      keepGenerationHistory: true,
      generation: { temperature: 0.4, maxTokens: 1000, presets: [tests], defaultPreset: "Tests too" },
    });

    // A built-in can be the default; null clears a number; the history preference is untouched.
    await patch(jar, { generation: { defaultPreset: "Only code", temperature: null } });
    await patch(jar, { keepGenerationHistory: false });
    expect((await read(jar)).body.preferences).toEqual({
      keepGenerationHistory: false,
      generation: { temperature: null, maxTokens: 1000, presets: [tests], defaultPreset: "Only code" },
    });
  });

  it("forgets a default preset that was deleted", async () => {
    const { jar } = await signedInUser();
    await patch(jar, { generation: { presets: [tests], defaultPreset: tests.name } });
    await patch(jar, { generation: { presets: [] } });
    expect((await read(jar)).body.preferences?.generation).toEqual(NONE);
  });

  it("reads a saved max tokens above a since-lowered limit as the limit", async () => {
    const { jar, user } = await signedInUser();
    await (await usersCollection()).updateOne({ _id: user._id }, { $set: { "preferences.generation.maxTokens": 9000 } });
    expect((await read(jar)).body.preferences?.generation.maxTokens).toBe(2048);
  });

  it.each([
    ["max tokens over GENERATE_MAX_TOKENS", { maxTokens: 2049 }, "generation.maxTokens", "Use at most 2,048 tokens"],
    ["temperature 2.1", { temperature: 2.1 }, "generation.temperature", "Use a number from 0 to 2"],
    ["a default that is no preset", { defaultPreset: "Nonexistent" }, "generation.defaultPreset", "Choose a preset from the list"],
    ["two presets of one name", { presets: [tests, { ...tests, name: "tests too" }] }, "generation.presets", "Give each preset a name of its own"],
    ["a preset named as a built-in", { presets: [{ name: "Only code", text: "x" }] }, "generation.presets", "Give each preset a name of its own"],
    ["six presets", { presets: [1, 2, 3, 4, 5, 6].map((n) => ({ name: `P${n}`, text: "x" })) }, "generation.presets", "Keep at most 5 presets of your own"],
    ["a nameless preset", { presets: [{ name: "  ", text: "x" }] }, "generation.presets.0.name", "Name the preset"],
    ["an unknown preset field", { presets: [{ ...tests, id: "x" }] }, "generation.presets.0", undefined],
    ["an unknown field", { topP: 0.5 }, "generation", undefined],
  ])("refuses %s and changes nothing", async (_case, generation, field, message) => {
    const { jar } = await signedInUser();
    const refused = await patch(jar, { generation });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe("VALIDATION_FAILED");
    const messages = refused.body.error?.fields?.[field] ?? [];
    expect(messages.length).toBeGreaterThan(0);
    if (message) expect(messages).toContain(message);
    expect((await read(jar)).body.preferences?.generation).toEqual(NONE);
  });

  it("refuses an empty change, a cross-site one, and any change by an admin viewing as the person", async () => {
    const { jar, user } = await signedInUser();
    expect((await patch(jar, {})).status).toBe(400);
    expect((await patch(jar, { generation: { temperature: 1 } }, { origin: "https://evil.example" })).status).toBe(403);
    const admin = await adminViewingAs(user._id.toString());
    expect((await read(admin)).body.preferences?.generation).toEqual(NONE);
    const viewAs = await patch(admin, { generation: { temperature: 1, presets: [tests] } });
    expect(viewAs.status).toBe(403);
    expect(viewAs.body.error?.code).toBe("FORBIDDEN");
    expect((await read(jar)).body.preferences?.generation).toEqual(NONE);
  });
});
