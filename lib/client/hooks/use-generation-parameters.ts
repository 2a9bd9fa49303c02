import "client-only";
import { useEffect, useRef, useState } from "react";
import { usePreferences } from "./use-preferences";
import { findPreset, type GenerateRequest, type SystemPromptPreset } from "@/lib/generation/shared";

/** The preset picker's value for "write my own instructions". */
export const CUSTOM_PRESET = "__custom__";

/** The Parameters panel's fields as typed (numbers as text, so an empty field means "the default"). */
export interface ParameterValues {
  temperature: string;
  maxTokens: string;
  /** A preset's name, "" for none, or CUSTOM_PRESET. */
  preset: string;
  custom: string;
}

const EMPTY: ParameterValues = { temperature: "", maxTokens: "", preset: "", custom: "" };

/** A number field's text as the request sends it: absent when empty, else the number (zod says what is wrong with it). */
function numberOrAbsent(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/**
 * /generate's parameters: they start from the person's saved defaults (read
 * once they arrive, unless the person has already changed a field), become
 * the request's `temperature`, `maxTokens` and `systemPrompt`, and can be
 * saved as the defaults (`saveAsDefault` throws ApiError).
 */
export function useGenerationParameters() {
  const { preferences, updatePreferences } = usePreferences();
  const [values, setValues] = useState<ParameterValues>(EMPTY);
  const touched = useRef(false);
  const saved = preferences?.generation;

  useEffect(() => {
    if (!saved || touched.current) return;
    // The saved defaults arrive after the first render (a browser read); the person has not typed yet.
    setValues({
      temperature: saved.temperature === null ? "" : String(saved.temperature),
      maxTokens: saved.maxTokens === null ? "" : String(saved.maxTokens),
      preset: saved.defaultPreset ?? "",
      custom: "",
    });
  }, [saved]);

  const presets: readonly SystemPromptPreset[] = saved?.presets ?? [];

  function change(next: ParameterValues) {
    touched.current = true;
    setValues(next);
  }

  /** The request's parameter fields, as typed. */
  function requestFields(): Pick<GenerateRequest, "temperature" | "maxTokens" | "systemPrompt"> {
    const systemPrompt = values.preset === CUSTOM_PRESET ? values.custom : values.preset ? findPreset(presets, values.preset)?.text : undefined;
    const temperature = numberOrAbsent(values.temperature);
    const maxTokens = numberOrAbsent(values.maxTokens);
    return {
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(systemPrompt?.trim() ? { systemPrompt } : {}),
    };
  }

  /** Saves the temperature, max tokens and preset shown as the defaults (custom instructions are not a preset: none is saved). */
  async function saveAsDefault(): Promise<void> {
    const fields = requestFields();
    await updatePreferences({
      generation: {
        temperature: fields.temperature ?? null,
        maxTokens: fields.maxTokens ?? null,
        defaultPreset: values.preset && values.preset !== CUSTOM_PRESET ? values.preset : null,
      },
    });
  }

  return { values, change, presets, requestFields, saveAsDefault };
}
