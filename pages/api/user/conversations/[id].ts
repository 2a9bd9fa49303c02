import { withAuth } from "@/lib/auth";
import { deleteConversation, getConversation, renameConversation } from "@/lib/generation";
import { conversationRenameSchema, type ConversationResponse } from "@/lib/generation/shared";
import { apiRoute, type ApiRouteConfig, HttpError, json, noContent, parseJsonBody } from "@/lib/http";
import { objectIdParamSchema } from "@/lib/http/shared";

export const config: ApiRouteConfig = { api: { bodyParser: false } };

const conversationIdSchema = objectIdParamSchema("Not a conversation id");

const notFound = () => HttpError.notFound("No such conversation");

/** One conversation of the signed-in user: read it with its turns, rename it, or delete it (text goes, usage stays). Others' are "not found". */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const { id } = conversationIdSchema.parse(req.query);
    const conversation = await getConversation(data, id);
    if (!conversation) throw notFound();
    return json(200, conversation satisfies ConversationResponse);
  }),
  PATCH: withAuth(async (req, _res, { data }) => {
    const { id } = conversationIdSchema.parse(req.query);
    const { title } = await parseJsonBody(req, conversationRenameSchema);
    if (!(await renameConversation(data, id, title))) throw notFound();
    return noContent();
  }),
  DELETE: withAuth(async (req, _res, { data }) => {
    const { id } = conversationIdSchema.parse(req.query);
    if (!(await deleteConversation(data, id))) throw notFound();
    return noContent();
  }),
});
