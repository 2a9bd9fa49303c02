import { withAuth } from "@/lib/auth";
import { deleteOwnHistory, historyQuerySchema, listHistory } from "@/lib/generation";
import type { DeleteHistoryResponse, GenerationListResponse } from "@/lib/generation/shared";
import { apiRoute, assertSameOrigin } from "@/lib/http";

/** The signed-in user's generation history, newest first in pages (`?before=<nextCursor>&limit=`); DELETE removes all of it. */
export default apiRoute({
  GET: withAuth(async (req, res, { data }) => {
    const query = historyQuerySchema.parse(req.query);
    res.status(200).json((await listHistory(data, query)) satisfies GenerationListResponse);
  }),
  DELETE: withAuth(async (req, res, { data }) => {
    assertSameOrigin(req);
    const deleted = await deleteOwnHistory(data);
    res.status(200).json({ deleted } satisfies DeleteHistoryResponse);
  }),
});
