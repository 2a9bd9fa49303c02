import "#server-only";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { DataAccess } from "@/lib/access";
import { assertSameOrigin, mapAndLogError, parseFormBody } from "@/lib/http";
import { ErrorCode } from "@/lib/http/shared";
import { holdPendingPrompt } from "./pending-prompt";
import { generateRequestSchema, PROMPT_MAX_LENGTH } from "./shared";

/** What the start page's prompt box posts to /generate: the prompt, checked as `POST /api/generate` checks it. */
const promptPostSchema = z.object({ prompt: generateRequestSchema.shape.prompt });

/**
 * The largest form body read: a prompt at its longest in characters that
 * each take 4 bytes in UTF-8, percent-encoded (3 characters a byte), with
 * room for the field's name. More is 413 without reading further.
 */
const PROMPT_POST_LIMIT_BYTES = PROMPT_MAX_LENGTH * 12 + 1024;

/** What the page says for the refusals a person can meet, in the terms of this form (the API's words are about JSON bodies). */
const REFUSALS: Partial<Record<string, string>> = {
  [ErrorCode.CrossSiteRequest]: "This form was sent from another site. Type your prompt here instead.",
  [ErrorCode.PayloadTooLarge]: `That prompt is too long. Use at most ${PROMPT_MAX_LENGTH.toLocaleString("en")} characters.`,
  [ErrorCode.UnsupportedMediaType]: "Send your prompt with the start page's form.",
};

/** A post that was not held, with the status to answer and what to tell the person. */
interface RefusedPromptPost {
  status: number;
  message: string;
}

/**
 * A form post of the start page's prompt box to the /generate page: a
 * cross-site post is refused (403, as every state-changing route refuses it:
 * lib/http's same-origin check), then the urlencoded body is read within its
 * limit (413) and validated (400), and the prompt is held for the person
 * (pending-prompt.ts) for /generate to take after its redirect. Null when it
 * is held; otherwise why not (5xx are logged).
 */
export async function receivePromptPost(req: IncomingMessage, data: DataAccess): Promise<RefusedPromptPost | null> {
  try {
    assertSameOrigin(req);
    const { prompt } = promptPostSchema.parse(await parseFormBody(req, { limitBytes: PROMPT_POST_LIMIT_BYTES }));
    await holdPendingPrompt(data, prompt);
    return null;
  } catch (error) {
    const { status, body } = mapAndLogError(req, error);
    const fieldMessage = body.error.fields?.prompt?.[0];
    return { status, message: fieldMessage ?? REFUSALS[body.error.code] ?? body.error.message };
  }
}
