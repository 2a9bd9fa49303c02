import { withAuth } from "@/lib/auth";
import { generationUsage } from "@/lib/generation";
import type { GenerationUsageResponse } from "@/lib/generation/shared";
import { apiRoute, HttpError, json } from "@/lib/http";
import { objectIdParamSchema } from "@/lib/http/shared";

const generationIdSchema = objectIdParamSchema("Not a generation id");

/**
 * One generation's tokens, estimated cost and finish reason, for the line
 * under an answer once its stream has ended: read from its usage record, so
 * it works with history off. Another user's generation is "not found".
 */
export default apiRoute({
  GET: withAuth(async (req, _res, { data }) => {
    const { id } = generationIdSchema.parse(req.query);
    const generation = await generationUsage(data, id);
    if (!generation) throw HttpError.notFound("No such generation");
    return json(200, { generation } satisfies GenerationUsageResponse);
  }),
});
