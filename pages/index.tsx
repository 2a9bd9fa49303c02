import Link from "next/link";
import { StartPage } from "@/components/home/StartPage";
import { withOptionalPageAuth } from "@/lib/auth";
import { onboardingProgress, preloadHistoryPage } from "@/lib/account-reads";
import { RECENT_GENERATIONS_COUNT, type OnboardingProgress, type SwrFallback } from "@/lib/account-reads/shared";
import styles from "@/styles/Home.module.css";

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
  return (
    <main id="main" className={styles.main}>
      <h1 className={styles.title}>KeyForge</h1>
      <p className={styles.lead}>
        Keep your AI API keys (Together AI, CodeRabbit, Oumi, Kestra) encrypted in one vault, shown only ever masked,
        and generate code with your own Together AI key, streamed into the page as the model writes it.
      </p>
      <ul className={styles.points}>
        <li>
          Describe what you need, pick a language and a model, and watch the answer arrive: Markdown with highlighted
          code, a Copy button on every block, Stop whenever you have enough.
        </li>
        <li>Your key never reaches the browser; the server uses it for one request at a time.</li>
        <li>Past generations stay in your history, encrypted, until you delete them or turn history off.</li>
        <li>Keys are encrypted at rest, bound to your account, and never shown again in full.</li>
        <li>See every device you are signed in on, and sign any of them out.</li>
      </ul>
      <p>
        <Link href="/auth/signup">Create an account</Link> to start: your key, your models, your history.
      </p>
    </main>
  );
}
