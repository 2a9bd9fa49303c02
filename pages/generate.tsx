import Head from "next/head";
import styles from "@/components/generate/Generate.module.css";
import { GenerateWorkspace } from "@/components/generate/GenerateWorkspace";
import { FormAlert } from "@/components/ui/FormAlert";
import { forSession } from "@/lib/access";
import { ReadOnlyWhileViewing } from "@/components/ui/ReadOnlyWhileViewing";
import { withPageAuth } from "@/lib/auth";
import { generatePageArrival, pageGenerationOptions, receivePromptPost } from "@/lib/generation";
import { preloadConversationPage } from "@/lib/account-reads";
import { ACCOUNT_READ_URLS } from "@/lib/account-reads/shared";
import type { GenerationOptions } from "@/lib/generation/shared";
import { modelsOnOffer } from "@/lib/model-catalog";
import { MODELS_URL } from "@/lib/model-catalog/shared";
import type { ApiKeysResponse } from "@/lib/vault/shared";

/**
 * GET renders the page, with the prompt the start page posted (taken once,
 * and started at once when there is a key to start it with). POST is that
 * prompt box's form: held for the person, then 303 back here (so a reload
 * never posts it again); refused, the page says why with its status (403
 * cross-site, 413 too long, 400 invalid).
 */
export const getServerSideProps = withPageAuth(async (ctx, session) => {
  const data = forSession(session);
  let postError: string | null = null;
  if (ctx.req.method === "POST") {
    const refused = await receivePromptPost(ctx.req, data);
    if (!refused) return { redirect: { destination: "/generate", statusCode: 303 as const } };
    ctx.res.statusCode = refused.status;
    postError = refused.message;
  }
  const { open } = ctx.query;
  // The user is read once (the key's mask and a held prompt); the models and options come from this process's cache.
  const [arrival, history, models, options] = await Promise.all([
    generatePageArrival(data, !postError),
    preloadConversationPage(session),
    // The stored catalog only (no provider call holds the page up); the browser's GET /api/models refreshes it with
    // the user's key (and, during a database outage, is the one to read it).
    modelsOnOffer(null).catch(() => null),
    pageGenerationOptions(),
  ]);
  const { apiKeys, pending } = arrival;
  return {
    fallback: { ...(apiKeys ? { [ACCOUNT_READ_URLS.apiKeys]: { apiKeys } satisfies ApiKeysResponse } : {}), ...history, ...(models ? { [MODELS_URL]: models } : {}) },
    userId: session.user.id,
    options,
    initialPrompt: pending?.prompt ?? null,
    autoStart: pending?.autoStart ?? false,
    postError,
    // A conversation to open (the start page links its recent ones here); an older generation's id opens that entry instead.
    initialOpenId: typeof open === "string" && /^[\w-]{1,64}$/.test(open) ? open : null,
  };
});

/** Code generation with the user's own Together AI key, streamed into the page. */
interface GeneratePageProps {
  userId: string;
  options: GenerationOptions;
  initialPrompt: string | null;
  autoStart: boolean;
  postError: string | null;
  initialOpenId: string | null;
}

export default function GeneratePage({ userId, options, initialPrompt, autoStart, postError, initialOpenId }: GeneratePageProps) {
  return (
    <main id="main" className={styles.page}>
      <Head>
        <title>Generate · KeyForge</title>
      </Head>
      <h1>Generate code</h1>
      <p className={styles.intro}>Describe what you need; the answer streams in as your Together AI model writes it.</p>
      <FormAlert message={postError && `Nothing was started. ${postError}`} />
      {/* The generate route refuses a view-as session (403: an admin never uses someone's key), so the form says so first. */}
      <ReadOnlyWhileViewing why="Generating would use their Together AI key, which an admin never does.">
        <GenerateWorkspace
          userId={userId}
          options={options}
          initialPrompt={initialPrompt}
          autoStart={autoStart}
          initialOpenId={initialOpenId}
        />
      </ReadOnlyWhileViewing>
    </main>
  );
}
