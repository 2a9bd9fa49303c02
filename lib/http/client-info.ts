import "#server-only";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import { getEnv } from "@/lib/core/env";
import { headerValue } from "./headers";

/**
 * The client's IP: the socket's peer, unless TRUST_PROXY=true, when it is the
 * last X-Forwarded-For entry (the one our proxy appended). A client can put
 * anything in the header, so it is never trusted by default: a forged value
 * must not reset a rate limit.
 */
export function clientIp(req: Pick<IncomingMessage, "headers" | "socket">): string {
  if (getEnv().TRUST_PROXY) {
    const forwarded = headerValue(req.headers["x-forwarded-for"]);
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? "unknown";
}

/** The request's User-Agent, bounded so a huge header cannot bloat a document. */
function userAgentOf(req: Pick<IncomingMessage, "headers">): string {
  return (headerValue(req.headers["user-agent"]) ?? "").slice(0, 512);
}

/**
 * The network a client IP counts as for per-IP limits: an IPv6 address as its
 * /64 (one subscriber usually holds a whole /64 and can rotate through it
 * freely), an IPv4-mapped IPv6 address as its IPv4 address, anything else as is.
 */
export function clientNetwork(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`);
  return `${prefix.toString()}/64`;
}

/** Where a request came from, as device sessions and the audit trail record it. */
export interface RequestContext {
  ip: string;
  userAgent: string;
}

/** This request's IP (see `clientIp`) and bounded User-Agent. */
export function requestContextOf(req: Pick<IncomingMessage, "headers" | "socket">): RequestContext {
  return { ip: clientIp(req), userAgent: userAgentOf(req) };
}
