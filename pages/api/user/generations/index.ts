import { withAuth } from "@/lib/auth";
import { deleteOwnHistory, historyQuerySchema, listHistory } from "@/lib/generation";
import type { DeleteHistoryResponse, GenerationListResponse } from "@/lib/generation/shared";
import { apiRoute, json } from "@/lib/http";

/** The signed-in user's generation history, newest first in pages (`?before=<nextCursor>&limit=`); DELETE removes all of it. */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const query = historyQuerySchema.parse(req.query);
    return json(200, (await listHistory(data, query)) satisfies GenerationListResponse);
  }),
  DELETE: withAuth(async (_req, _res, { data }) => {
    const deleted = await deleteOwnHistory(data);
    return json(200, { deleted } satisfies DeleteHistoryResponse);
  }),
});
