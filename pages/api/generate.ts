import { withAuth } from "@/lib/auth";
import { startGeneration } from "@/lib/generation";
import { CONTEXT_TRIMMED_HEADER, CONVERSATION_ID_HEADER, GENERATION_ID_HEADER, generateRequestSchema } from "@/lib/generation/shared";
import { alreadySent, apiRoute, type ApiRouteConfig, parseJsonBody } from "@/lib/http";
import { assertEmailVerified } from "@/lib/users";

// The answer is streamed as it arrives: Next must neither parse the body for us nor warn about a long response.
export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

/** Room for a prompt of 8,000 characters however it is written: up to 6 bytes each as JSON (`\uXXXX`), and the rest. */
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Generates code with the signed-in user's own Together AI key and streams
 * the text back as it arrives (403 EMAIL_NOT_VERIFIED until the account's
 * address is verified). Every failure before the first token is an
 * ordinary JSON error; after it, the stream ends with a marker line. When
 * the browser goes away (or presses Stop), the upstream request is aborted.
 * The handler writes the stream itself: it answers `alreadySent()`.
 */
export default apiRoute({
  POST: withAuth(async (req, res, { data }) => {
    const input = await parseJsonBody(req, generateRequestSchema, { limitBytes: BODY_LIMIT_BYTES });
    await assertEmailVerified(data);
    const clientGone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) clientGone.abort();
    });
    let run;
    try {
      run = await startGeneration(data, input, clientGone.signal);
    } catch (error) {
      // Nobody is left to tell.
      if (!clientGone.signal.aborted) throw error;
      res.end();
      return alreadySent();
    }
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=utf-8",
      // no-transform also keeps Next's gzip (the compression middleware) from buffering the stream.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      [GENERATION_ID_HEADER]: run.id,
      [CONVERSATION_ID_HEADER]: run.conversationId,
      ...(run.droppedTurns > 0 ? { [CONTEXT_TRIMMED_HEADER]: String(run.droppedTurns) } : {}),
    });
    for await (const text of run.chunks) res.write(text);
    res.end();
    return alreadySent();
  }),
});
