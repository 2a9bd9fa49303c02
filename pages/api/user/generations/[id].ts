import { z } from "zod";
import { withAuth } from "@/lib/auth";
import { deleteHistoryEntry, getHistoryEntry } from "@/lib/generation";
import type { GenerationDetailResponse } from "@/lib/generation/shared";
import { apiRoute, assertSameOrigin, HttpError } from "@/lib/http";

const entryIdSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, "Not a history entry id") });

const notFound = () => HttpError.notFound("No such entry in your history");

/** One entry of the signed-in user's history: read it, or delete its text. Other users' entries are "not found". */
export default apiRoute({
  GET: withAuth(async (req, res, { data }) => {
    const { id } = entryIdSchema.parse(req.query);
    const generation = await getHistoryEntry(data, id);
    if (!generation) throw notFound();
    res.status(200).json({ generation } satisfies GenerationDetailResponse);
  }),
  DELETE: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    const { id } = entryIdSchema.parse(req.query);
    if (!(await deleteHistoryEntry(data, id))) throw notFound();
    res.status(204).end();
  }),
});
