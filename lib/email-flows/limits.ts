import "#server-only";
import { getEnv } from "@/lib/core/env";
import { clientNetwork, type RequestContext } from "@/lib/http";
import { enforceRateLimits } from "@/lib/rate-limit";

/**
 * Every request that sends a mail about an account counts against the
 * address it is about and the client's network: EMAIL_MAX_PER_ADDRESS_PER_HOUR
 * and EMAIL_MAX_PER_IP_PER_HOUR. Counted whether or not an account exists,
 * so a 429 reveals nothing either; a refused request sends nothing.
 */
export async function enforceMailLimits(address: string, context: RequestContext): Promise<void> {
  const env = getEnv();
  const hour = 60 * 60;
  await enforceRateLimits([
    {
      key: `mail:ip:${clientNetwork(context.ip)}`,
      rule: { limit: env.EMAIL_MAX_PER_IP_PER_HOUR, windowSeconds: hour },
      message: "Too many emails requested from your network. Try again later.",
    },
    {
      key: `mail:address:${address}`,
      rule: { limit: env.EMAIL_MAX_PER_ADDRESS_PER_HOUR, windowSeconds: hour },
      message: "Too many emails were sent to this address. Wait an hour, and check your spam folder meanwhile.",
    },
  ]);
}

/**
 * Tries of a verification code, on top of each code's own 5, per address
 * (EMAIL_CODE_TRIES_PER_ADDRESS_PER_HOUR: a few codes' worth) and per client
 * network (EMAIL_CODE_TRIES_PER_IP_PER_HOUR: many accounts from one place),
 * so six digits cannot be worked through by sending code after code.
 */
export async function enforceCodeLimits(address: string, context: RequestContext): Promise<void> {
  const env = getEnv();
  const hour = 60 * 60;
  await enforceRateLimits([
    {
      key: `email-code:ip:${clientNetwork(context.ip)}`,
      rule: { limit: env.EMAIL_CODE_TRIES_PER_IP_PER_HOUR, windowSeconds: hour },
      message: "Too many codes tried from your network. Try again later.",
    },
    {
      key: `email-code:address:${address}`,
      rule: { limit: env.EMAIL_CODE_TRIES_PER_ADDRESS_PER_HOUR, windowSeconds: hour },
      message: "Too many codes tried for this address. Wait an hour, then send a new code.",
    },
  ]);
}
