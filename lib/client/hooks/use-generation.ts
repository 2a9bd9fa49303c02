import "client-only";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiErrorFrom } from "../api-client";
import { CONTEXT_TRIMMED_HEADER, CONVERSATION_ID_HEADER, GENERATION_ID_HEADER, splitStreamEndMarker, type GenerateRequest } from "@/lib/generation/shared";

/** `POST /api/generate`. */
const GENERATE_URL = "/api/generate";

type GenerationStatus =
  /** Nothing asked yet. */
  | "idle"
  /** Sent; no text yet. */
  | "waiting"
  | "streaming"
  | "done"
  /** Stop, Esc or leaving the page ended it; the text so far stays. */
  | "stopped"
  /** Refused before streaming (`error` is an ApiError), or the connection failed (a plain Error whose message says so). */
  | "failed";

export interface GenerationRun {
  status: GenerationStatus;
  /** The answer so far, without the server's early-end marker. */
  answer: string;
  /** The server's message when the stream ended early (a stall, a provider failure), else null. */
  interruption: string | null;
  error: Error | null;
  /** The id of its history entry (X-Generation-Id), once streaming started. */
  generationId: string | null;
  /** The conversation it is a turn of (X-Conversation-Id), once streaming started. */
  conversationId: string | null;
  /** Earlier turns left out to fit the model's context (X-Context-Trimmed); 0 when none. */
  droppedTurns: number;
  /** Measured in this browser: from sending the request to the first bytes of the answer. */
  timeToFirstByteMs: number | null;
  /** Measured in this browser: from sending the request to the end of the answer. */
  durationMs: number | null;
}

const IDLE: GenerationRun = {
  status: "idle",
  answer: "",
  interruption: null,
  error: null,
  generationId: null,
  conversationId: null,
  droppedTurns: 0,
  timeToFirstByteMs: null,
  durationMs: null,
};

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/**
 * One streamed generation at a time. `start` sends the request and resolves
 * when the answer has ended (however it ended); the text is shown as it
 * arrives, at most once per animation frame so that a fast stream does not
 * re-render the Markdown for every token. `stop` aborts the request, which
 * makes the server abort its upstream call; so does leaving the page.
 */
export function useGeneration() {
  const [run, setRun] = useState<GenerationRun>(IDLE);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const start = useCallback(async (request: GenerateRequest): Promise<GenerationRun> => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const startedAt = performance.now();
    let current: GenerationRun = { ...IDLE, status: "waiting" };
    let frame: number | null = null;
    const show = (next: GenerationRun, immediately = false) => {
      current = next;
      // A run that a newer one replaced no longer owns the screen.
      if (controller.current !== abort) return;
      if (immediately) {
        if (frame !== null) cancelAnimationFrame(frame);
        frame = null;
        setRun(next);
      } else {
        frame ??= requestAnimationFrame(() => {
          frame = null;
          setRun(current);
        });
      }
    };
    show(current, true);

    let text = "";
    const finish = (status: GenerationStatus, error: Error | null = null): GenerationRun => {
      const { answer, interruption } = splitStreamEndMarker(text);
      const durationMs = Math.round(performance.now() - startedAt);
      show({ ...current, status, answer, interruption, error, durationMs }, true);
      if (controller.current === abort) controller.current = null;
      return current;
    };

    let response: Response;
    try {
      response = await fetch(GENERATE_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/plain, application/json" },
        body: JSON.stringify(request),
        signal: abort.signal,
      });
      if (!response.ok) return finish("failed", await apiErrorFrom(response));
    } catch (error) {
      if (isAbort(error)) return finish("stopped");
      return finish("failed", new Error("Could not reach the server. Check your connection and try again."));
    }

    const generationId = response.headers.get(GENERATION_ID_HEADER);
    const conversationId = response.headers.get(CONVERSATION_ID_HEADER);
    const droppedTurns = Number(response.headers.get(CONTEXT_TRIMMED_HEADER) ?? 0) || 0;
    show({ ...current, generationId, conversationId, droppedTurns }, true);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    try {
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        const piece = decoder.decode(value, { stream: true });
        if (!piece) continue;
        text += piece;
        const timeToFirstByteMs = current.timeToFirstByteMs ?? Math.round(performance.now() - startedAt);
        const { answer, interruption } = splitStreamEndMarker(text);
        show({ ...current, status: "streaming", answer, interruption, timeToFirstByteMs });
      }
      text += decoder.decode();
      return finish("done");
    } catch (error) {
      if (isAbort(error) || abort.signal.aborted) return finish("stopped");
      return finish("failed", new Error("The connection broke off while the answer was arriving; it is incomplete."));
    }
  }, []);

  /** Back to an empty answer (aborting one under way). */
  const reset = useCallback(() => {
    controller.current?.abort();
    setRun(IDLE);
  }, []);

  return { run, start, stop, reset };
}
