import Link from "next/link";
import type { KeyboardEvent } from "react";
import { RecentGenerations } from "./RecentGenerations";
import styles from "./StartPage.module.css";
import { isSubmitShortcut, useApiKeys } from "@/lib/client";
import { PROMPT_MAX_LENGTH } from "@/lib/generation/shared";

/** Ctrl/Cmd+Enter sends the prompt box, as on /generate. */
function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (isSubmitShortcut(event)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

/**
 * A signed-in person's start page: the first step while no Together AI key is
 * stored, a prompt box that carries its text to /generate (a plain GET form,
 * so it works before JavaScript has loaded), and their recent generations.
 */
export function StartPage({ name }: { name: string | null }) {
  const { apiKeys } = useApiKeys();
  const needsKey = apiKeys !== undefined && apiKeys.togetherAI === null;
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>{name ? `Welcome back, ${name}` : "Welcome back"}</h1>

      {needsKey && (
        <section className={styles.firstStep} aria-labelledby="first-step-heading">
          <p className={styles.step}>First step</p>
          <h2 id="first-step-heading">Add your Together AI key</h2>
          <p>
            KeyForge generates code with your own Together AI key. It is stored encrypted and only ever used by the
            server, one request at a time.
          </p>
          <Link href="/settings" className={styles.primaryLink}>
            Add it in Settings
          </Link>
        </section>
      )}

      <section className={styles.card} aria-labelledby="start-heading">
        <h2 id="start-heading">What do you want to build?</h2>
        <form action="/generate" method="get" className={styles.promptForm}>
          <label htmlFor="home-prompt" className={styles.visuallyHidden}>
            Describe the code you want
          </label>
          <textarea
            id="home-prompt"
            name="prompt"
            rows={3}
            maxLength={PROMPT_MAX_LENGTH}
            required
            className={styles.prompt}
            placeholder="A TypeScript function that…"
            onKeyDown={submitOnCtrlEnter}
          />
          <button type="submit" className={styles.submit}>
            Continue in Generate
          </button>
        </form>
      </section>

      <RecentGenerations />
    </main>
  );
}
