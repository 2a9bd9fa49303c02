import "#server-only";

/** HTTP for API routes: the route builder and its replies, the errors and their mapping, reading requests. */
export { isFormBody, parseFormBody, parseJsonBody, readRawBody, type ApiRouteConfig } from "./body";
export { clientIp, clientNetwork, requestContextOf, type RequestContext } from "./client-info";
export { HttpError, isDuplicateKeyError } from "./errors";
export { setApiSecurityHeaders } from "./headers";
export { assertSameOrigin } from "./same-origin";
export { alreadySent, json, noContent, type Reply } from "./reply";
export { apiRoute, describeApiRoute, mapAndLogError, sendError, type MethodHandler } from "./route";
export { describeUserAgent, shortDeviceName } from "./user-agent";
