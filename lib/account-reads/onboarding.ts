import "#server-only";
import type { Session } from "next-auth";
import { forSession } from "@/lib/access";
import { ownId } from "@/lib/access/shared";
import { isDatabaseUnavailable } from "@/lib/core/db";
import { hasCompletedGeneration } from "@/lib/generation";
import { getApiKeys } from "@/lib/vault";
import type { OnboardingProgress } from "./shared";

/**
 * Which first steps the signed-in user has done, read fresh through the data
 * door each time the start page renders; null while the database is
 * unreachable (the page then renders without them, as it does without its
 * preloaded lists).
 */
export async function onboardingProgress(session: Session): Promise<OnboardingProgress | null> {
  const data = forSession(session);
  try {
    // In parallel on one door: the two reads of the user (emailVerified, the vault to mask) go out as one query.
    const [user, apiKeys, generated] = await Promise.all([
      // Fresh from the database, not the session: a code typed a moment ago counts.
      data.users.findOne({ _id: ownId(data) }, { select: ["emailVerified"] }),
      getApiKeys(data),
      hasCompletedGeneration(data),
    ]);
    const key = apiKeys?.togetherAI;
    return {
      emailVerified: Boolean(user?.emailVerified),
      // A key Together AI refused (when saved, or at the last check) is a step still to do.
      apiKeyAdded: Boolean(key?.masked) && key?.lastCheck?.result !== "rejected",
      firstCodeGenerated: generated,
    };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
