/** What bench/load.ts (the load process) is asked to do, and what it answers, as JSON. */

/** Sign-ins round-robin over `users`, each connection with its own csrf pair. */
export interface SignInStorm {
  pairs: { csrfToken: string; cookie: string }[];
  /** Each user's email and the cookies its browser sends to sign in again (the device cookie). */
  users: { email: string; cookies: string }[];
  password: string;
}

export interface LoadParams {
  url: string;
  connections: number;
  seconds: number;
  /** Present: stop after this many requests instead of after `seconds` (which then only bounds the run). */
  amount?: number;
  /** The `Cookie` header of every request (GET loads). */
  cookie?: string;
  /** Present: POST credential sign-ins instead of GETs. */
  storm?: SignInStorm;
  /** Epoch ms at which to start, so two load processes run side by side. */
  startAt: number;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}
