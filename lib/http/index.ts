import "#server-only";

/** HTTP for API routes: the route builder, the errors and their mapping, reading requests. */
export { parseJsonBody } from "./body";
export { clientIp, userAgentOf } from "./client-info";
export { HttpError, isDuplicateKeyError } from "./errors";
export { apiRoute, sendError, type MethodHandler } from "./route";
export { assertSameOrigin } from "./same-origin";
