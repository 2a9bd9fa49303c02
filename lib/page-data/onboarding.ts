import "#server-only";
import type { Session } from "next-auth";
import { hasCompletedGeneration } from "@/lib/generation";
import { getApiKeys } from "@/lib/vault";
import type { OnboardingProgress } from "./shared";

/** Which first steps the signed-in user has done, read fresh each time the start page renders. */
export async function onboardingProgress(session: Session): Promise<OnboardingProgress> {
  const [apiKeys, generated] = await Promise.all([getApiKeys(session.user.id), hasCompletedGeneration(session.user.id)]);
  return { apiKeyAdded: Boolean(apiKeys?.togetherAI), firstCodeGenerated: generated };
}
