import "#server-only";
import type { Session } from "next-auth";
import { forSession } from "@/lib/access";
import { hasCompletedGeneration } from "@/lib/generation";
import { getApiKeys } from "@/lib/vault";
import type { OnboardingProgress } from "./shared";

/** Which first steps the signed-in user has done, read fresh through the data door each time the start page renders. */
export async function onboardingProgress(session: Session): Promise<OnboardingProgress> {
  const data = forSession(session);
  const [apiKeys, generated] = await Promise.all([getApiKeys(data), hasCompletedGeneration(data)]);
  return { apiKeyAdded: Boolean(apiKeys?.togetherAI), firstCodeGenerated: generated };
}
