import dynamic from "next/dynamic";
import { Landing } from "@/components/home/Landing";
import { withOptionalPageAuth } from "@/lib/auth";
import { onboardingProgress, preloadHistoryPage } from "@/lib/account-reads";
import { RECENT_GENERATIONS_COUNT, type OnboardingProgress, type SwrFallback } from "@/lib/account-reads/shared";

/**
 * The signed-in start page, loaded only for those who see it: rendered on the
 * server, its code comes with the page then, and the landing page a signed-out
 * visitor gets carries none of it (nor the API client and zod it needs).
 */
const StartPage = dynamic(() => import("@/components/home/StartPage").then((module) => module.StartPage));

type HomeProps = {
  /** Who is signed in (null: nobody) and their first steps. `session` itself goes to the header's SessionProvider (see _app.tsx). */
  viewer: { name: string | null; progress: OnboardingProgress | null } | null;
  fallback?: SwrFallback;
};

/** The same URL shows a signed-in person their start page and everyone else the product page. */
export const getServerSideProps = withOptionalPageAuth<HomeProps>(async (_ctx, session) => {
  if (!session) return { viewer: null };
  const [progress, fallback] = await Promise.all([
    onboardingProgress(session),
    preloadHistoryPage(session, RECENT_GENERATIONS_COUNT),
  ]);
  return { viewer: { name: session.user.name ?? null, progress }, fallback };
});

export default function Home({ viewer }: HomeProps) {
  if (viewer) return <StartPage name={viewer.name} progress={viewer.progress} />;
  return <Landing />;
}
