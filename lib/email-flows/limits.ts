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
