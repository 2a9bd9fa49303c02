import { withAuth } from "@/lib/auth";
import { deleteHistoryEntry, getHistoryEntry } from "@/lib/generation";
import type { GenerationDetailResponse } from "@/lib/generation/shared";
import { apiRoute, HttpError, json, noContent } from "@/lib/http";
import { objectIdParamSchema } from "@/lib/http/shared";

const entryIdSchema = objectIdParamSchema("Not a history entry id");

const notFound = () => HttpError.notFound("No such entry in your history");

/** One entry of the signed-in user's history: read it, or delete its text. Other users' entries are "not found". */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const { id } = entryIdSchema.parse(req.query);
    const generation = await getHistoryEntry(data, id);
    if (!generation) throw notFound();
    return json(200, { generation } satisfies GenerationDetailResponse);
  }),
  DELETE: withAuth(async (req, _res, { data }) => {
    const { id } = entryIdSchema.parse(req.query);
    if (!(await deleteHistoryEntry(data, id))) throw notFound();
    return noContent();
  }),
});
