import "#server-only";

/**
 * What a method handler returns for the route builder to send (cal.com's
 * defaultResponder, made explicit): a JSON body with its status, an empty 204,
 * or — the escape hatch — word that the handler wrote the response itself.
 * Failures are thrown, never returned, so they keep the one error shape.
 */
export type Reply<Body = unknown> = JsonReply<Body> | { readonly kind: "empty" } | { readonly kind: "sent" };

interface JsonReply<Body> {
  readonly kind: "json";
  readonly status: JsonStatus;
  readonly body: Body;
}

/** 200 read, 201 created, 202 accepted (mail on its way); 503 only for a status report that says what is down (health). */
type JsonStatus = 200 | 201 | 202 | 503;

/** `any` or `unknown`: a type that says nothing about the body, refused so that no route answers untyped JSON. */
type Untyped<T> = 0 extends 1 & T ? true : unknown extends T ? true : false;

/** Answers `body` as JSON with `status`; the body's type is this method's response type, inferred from what is passed. */
export function json<Body>(status: JsonStatus, body: Untyped<Body> extends true ? never : Body): Reply<Body> {
  return { kind: "json", status, body };
}

/** 204 with no body (a delete, a change with nothing to show). */
export function noContent(): Reply<never> {
  return { kind: "empty" };
}

/**
 * The escape hatch: the handler has written the response itself (a stream, a
 * redirect, a library's own answer such as NextAuth's). The builder checks
 * that it really has.
 */
export function alreadySent(): Reply<never> {
  return { kind: "sent" };
}
