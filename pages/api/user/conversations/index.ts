import { withAuth } from "@/lib/auth";
import { listConversations } from "@/lib/generation";
import { conversationListQuerySchema, type ConversationListResponse } from "@/lib/generation/shared";
import { apiRoute, type ApiRouteConfig, json } from "@/lib/http";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

/** The signed-in user's conversations, last used first in pages (`?before=<nextCursor>`), `?query=` searching their titles. */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const query = conversationListQuerySchema.parse(req.query);
    return json(200, (await listConversations(data, query)) satisfies ConversationListResponse);
  }),
});
