import Head from "next/head";
import styles from "@/components/generate/Generate.module.css";
import { GenerateWorkspace } from "@/components/generate/GenerateWorkspace";
import { ReadOnlyWhileViewing } from "@/components/layout/ReadOnlyWhileViewing";
import { withPageAuth } from "@/lib/auth";
import { generationOptions } from "@/lib/generation";
import { preloadAccountReads, preloadHistoryPage } from "@/lib/account-reads";
import { HISTORY_PAGE_SIZE } from "@/lib/account-reads/shared";
import { PROMPT_MAX_LENGTH, type GenerationOptions } from "@/lib/generation/shared";

export const getServerSideProps = withPageAuth(async (ctx, session) => {
  const { prompt, open } = ctx.query;
  const [accountReads, history] = await Promise.all([
    preloadAccountReads(session, ["apiKeys"]),
    preloadHistoryPage(session, HISTORY_PAGE_SIZE),
  ]);
  return {
    fallback: { ...accountReads, ...history },
    userId: session.user.id,
    options: generationOptions(),
    // The home page's prompt box sends its text here; anything past the limit would only be refused later.
    initialPrompt: typeof prompt === "string" && prompt.trim() ? prompt.slice(0, PROMPT_MAX_LENGTH) : null,
    // The home page's recent generations open here; an id that is not theirs just answers 404 in the panel.
    initialOpenId: typeof open === "string" && /^[\w-]{1,64}$/.test(open) ? open : null,
  };
});

/** Code generation with the user's own Together AI key, streamed into the page. */
interface GeneratePageProps {
  userId: string;
  options: GenerationOptions;
  initialPrompt: string | null;
  initialOpenId: string | null;
}

export default function GeneratePage({ userId, options, initialPrompt, initialOpenId }: GeneratePageProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Generate · KeyForge</title>
      </Head>
      <h1>Generate code</h1>
      <p className={styles.intro}>Describe what you need; the answer streams in as your Together AI model writes it.</p>
      {/* The generate route refuses a view-as session (403: an admin never uses someone's key), so the form says so first. */}
      <ReadOnlyWhileViewing why="Generating would use their Together AI key, which an admin never does.">
        <GenerateWorkspace userId={userId} options={options} initialPrompt={initialPrompt} initialOpenId={initialOpenId} />
      </ReadOnlyWhileViewing>
    </main>
  );
}
