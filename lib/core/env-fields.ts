import "#server-only";
import { z } from "zod";
import { parseEncryptionKeys } from "./crypto";

/** The kinds of value the environment's variables take (lib/core/env.ts lists the variables). */

export const booleanString = z
  .enum(["true", "false", "1", "0"], "must be true or false")
  .default("false")
  .transform((value) => value === "true" || value === "1");

/** true or false when set; undefined when not, for a variable whose default depends on others (NODE_ENV). */
export const optionalBooleanString = z
  .enum(["true", "false", "1", "0"], "must be true or false")
  .optional()
  .transform((value) => (value === undefined ? undefined : value === "true" || value === "1"));

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const DAY_SECONDS = 24 * 60 * 60;

/** A session lifetime in seconds: at least 5 minutes, at most 400 days (the longest a browser keeps a cookie). */
export const sessionSeconds = (fallback: number) =>
  z.coerce
    .number("must be a number of seconds")
    .int()
    .min(300, "must be at least 300 seconds")
    .max(400 * DAY_SECONDS, `must be at most ${400 * DAY_SECONDS} seconds (400 days)`)
    .default(fallback);

export const mongoUri = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\/\S+$/, "must be a mongodb:// or mongodb+srv:// connection string");

/** "k2:<base64>,k1:<base64>" → keys, current first; problems reported like any other variable. */
export const encryptionKeys = z.string().transform((value, ctx) => {
  const { keys, problems } = parseEncryptionKeys(value);
  for (const problem of problems) ctx.addIssue({ code: "custom", message: problem });
  return keys;
});

/**
 * Current code models on Together AI's serverless API; the first is the
 * default. Override with TOGETHER_MODELS (comma-separated) when they change.
 */
export const DEFAULT_TOGETHER_MODELS = [
  "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8",
  "Qwen/Qwen2.5-Coder-32B-Instruct",
  "deepseek-ai/DeepSeek-V3",
  "openai/gpt-oss-120b",
  "meta-llama/Llama-3.3-70B-Instruct-Turbo",
].join(",");

/** "a,b,c" → ["a", "b", "c"], without blanks or repeats; at least one. */
export const modelList = z
  .string()
  .transform((value) => [...new Set(value.split(",").map((model) => model.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200, "has a model id over 200 characters")).min(1, "must list at least one model"));

/** A comma-separated list of email domains ("corp.example, staff.corp.example"), or unset. */
export const domainList = z
  .string()
  .transform((value) => value.split(",").map((domain) => domain.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s@,/:]+\.[^\s@,/:]+$/, "must be email domains separated by commas, like corp.example,staff.corp.example")).min(1))
  .optional();

/** An OAuth client id or secret: opaque, but never blank or with spaces around it. */
export const oauthCredential = z.string().trim().min(1).max(512, "must be at most 512 characters").optional();

/** "KeyForge <no-reply@example.com>" or a bare address. */
export const mailbox = z
  .string()
  .trim()
  .regex(/^(?:[^<>@\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an address, like "KeyForge <no-reply@example.com>"');

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** "30,120,600,3600": seconds between attempts, each a positive whole number, at most 20 of them. */
export const secondsList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parts = value.split(",").map((part) => part.trim());
      const seconds = parts.map(Number);
      if (parts.length > 20 || seconds.some((n, i) => parts[i] === "" || !Number.isInteger(n) || n <= 0)) {
        ctx.addIssue({ code: "custom", message: "must be a comma-separated list of positive whole seconds, like 30,120,600,3600" });
        return z.NEVER;
      }
      return seconds;
    });
