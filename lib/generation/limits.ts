import "#server-only";
import { getEnv } from "@/lib/core/env";
import { enforceRateLimit } from "@/lib/rate-limit";

const MINUTE_SECONDS = 60;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * The per-user generation limits (GENERATE_MAX_PER_MINUTE, GENERATE_MAX_PER_DAY),
 * in MongoDB so they hold across instances; a refusal is 429 with Retry-After.
 * The minute is checked first: an attempt it refuses is not kept, so it does
 * not use up the day.
 */
export async function enforceGenerationLimits(userId: string): Promise<void> {
  const { GENERATE_MAX_PER_MINUTE: perMinute, GENERATE_MAX_PER_DAY: perDay } = getEnv();
  await enforceRateLimit(
    `generate:minute:${userId}`,
    { limit: perMinute, windowSeconds: MINUTE_SECONDS },
    `You can start ${perMinute} generations a minute. Wait a moment and try again.`,
  );
  await enforceRateLimit(
    `generate:day:${userId}`,
    { limit: perDay, windowSeconds: DAY_SECONDS },
    `You have used today's ${perDay} generations. Try again later.`,
  );
}
