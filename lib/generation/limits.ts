import "#server-only";
import { getEnv } from "@/lib/core/env";
import { enforceRateLimits } from "@/lib/rate-limit";

const MINUTE_SECONDS = 60;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * The per-user generation limits (GENERATE_MAX_PER_MINUTE, GENERATE_MAX_PER_DAY),
 * in MongoDB so they hold across instances; a refusal is 429 with Retry-After.
 * A refused attempt counts against neither.
 */
export async function enforceGenerationLimits(userId: string): Promise<void> {
  const { GENERATE_MAX_PER_MINUTE: perMinute, GENERATE_MAX_PER_DAY: perDay } = getEnv();
  await enforceRateLimits([
    {
      key: `generate:minute:${userId}`,
      rule: { limit: perMinute, windowSeconds: MINUTE_SECONDS },
      message: `You can start ${perMinute} generations a minute. Wait a moment and try again.`,
    },
    {
      key: `generate:day:${userId}`,
      rule: { limit: perDay, windowSeconds: DAY_SECONDS },
      message: `You have used today's ${perDay} generations. Try again later.`,
    },
  ]);
}
