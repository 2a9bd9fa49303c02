import "#server-only";

/** HTTP for API routes: the route builder, the errors and their mapping, reading requests. */
export { isFormBody, parseFormBody, parseJsonBody } from "./body";
export { clientIp, clientNetwork, requestContextOf, type RequestContext } from "./client-info";
export { HttpError, isDuplicateKeyError } from "./errors";
export { setApiSecurityHeaders } from "./headers";
export { apiRoute, mapAndLogError, sendError, type MethodHandler } from "./route";
export { assertSameOrigin } from "./same-origin";
export { describeUserAgent, shortDeviceName } from "./user-agent";
