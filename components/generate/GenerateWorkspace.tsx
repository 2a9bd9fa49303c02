import { useRouter } from "next/router";
import { useEffect, useRef, useState } from "react";
import { ANSWER_ID, AnswerPanel } from "./AnswerPanel";
import { ConversationThread } from "./ConversationThread";
import styles from "./Generate.module.css";
import { GenerateForm, STOP_ID, type PromptValues } from "./GenerateForm";
import { FormAlert } from "@/components/ui/FormAlert";
import { HistoryEntry } from "./HistoryEntry";
import { HistoryList } from "./HistoryList";
import { NoKeyNotice } from "./NoKeyNotice";
import { ParametersPanel } from "./ParametersPanel";
import {
  ApiError,
  errorMessage,
  firstInvalidField,
  loadLastPrompt,
  saveLastPrompt,
  useApiKeys,
  useConversation,
  sendJson,
  useFocusAfterRender,
  useGeneration,
  useGenerationParameters,
  useRunFocus,
  validateForm,
} from "@/lib/client";
import { generateRequestSchema, type ConversationAction, type GenerationOptions } from "@/lib/generation/shared";
import { ErrorCode, type FieldErrors } from "@/lib/http/shared";
import { GENERATIONS_URL } from "@/lib/account-reads/shared";

interface GenerateWorkspaceProps {
  /** Whose last prompt this browser keeps. */
  userId: string;
  options: GenerationOptions;
  /** The prompt the start page posted (pages/generate.tsx); wins over the one this browser kept. */
  initialPrompt: string | null;
  /** Start generating `initialPrompt` on arrival, once (the server handed it out once). */
  autoStart?: boolean;
  /** A conversation to open on arrival (`?open=`); an older generation's id (the start page's recent ones) opens that entry instead. */
  initialOpenId: string | null;
}

/**
 * The /generate page's working area: the form and the answer streaming in
 * beside the history list (below it on narrow screens). The prompt and the
 * choices are kept in this browser (per user, until sign-out), so a reload
 * starts where the person was.
 */
export function GenerateWorkspace({ userId, options, initialPrompt, autoStart = false, initialOpenId }: GenerateWorkspaceProps) {
  const router = useRouter();
  const { apiKeys } = useApiKeys();
  const { run, start, stop, reset } = useGeneration();
  // The conversation a follow-up goes to: the last answer's (none with history off: the server keeps no thread then).
  const [conversationId, setConversationId] = useState<string | null>(initialOpenId);
  const thread = useConversation(conversationId);
  const [editing, setEditing] = useState(false);
  const parameters = useGenerationParameters();
  const [runLanguage, setRunLanguage] = useState<string | null>(null);
  const [values, setValues] = useState<PromptValues>({ prompt: initialPrompt ?? "", language: "", model: options.defaultModel });
  const [restored, setRestored] = useState(false);
  const [fields, setFields] = useState<FieldErrors>({});
  // An old `?open=<generation id>` link (the start page's recent generations): no conversation has that id, so that entry is shown.
  const legacyEntryId =
    initialOpenId !== null && conversationId === initialOpenId && thread.error instanceof ApiError && thread.error.status === 404 ? initialOpenId : null;
  // Bumped after each generation, so the history reads its list again (a new conversation, or one moved to the top).
  const [historyChanges, setHistoryChanges] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const autoStarted = useRef(false);
  const focusLater = useFocusAfterRender();
  const running = run.status === "waiting" || run.status === "streaming";
  useRunFocus(running, { stopId: STOP_ID, answerId: ANSWER_ID });

  // After hydration (localStorage is browser-only): bring back the last prompt and choices.
  useEffect(() => {
    const last = loadLastPrompt(userId);
    const arrived: PromptValues = {
      prompt: initialPrompt ?? last.prompt ?? values.prompt,
      language: last.language ?? values.language,
      model: last.model && options.models.includes(last.model) ? last.model : values.model,
    };
    // localStorage cannot be read during the server render, so this is one extra render on arrival.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setValues(arrived);
    setRestored(true);
    // A development re-run of this effect must not start a second generation.
    if (autoStart && initialPrompt !== null && !autoStarted.current) {
      autoStarted.current = true;
      void generate(arrived);
    }
    // An opened entry is now shown; a reload must not open it again over later choices.
    if (initialOpenId !== null) void router.replace("/generate", undefined, { shallow: true });
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (restored) saveLastPrompt(userId, values);
  }, [restored, userId, values]);

  // Esc stops from anywhere on the page while an answer is coming in.
  useEffect(() => {
    if (!running) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") stop();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [running, stop]);

  function showFieldErrors(next: FieldErrors) {
    setFields(next);
    focusLater(() => firstInvalidField(formRef.current));
  }

  async function generate(current: PromptValues = values, action: ConversationAction | undefined = editing ? "edit" : undefined) {
    // The state, not the loaded thread: a prompt sent before the thread has loaded still follows up.
    const followUp = legacyEntryId ? undefined : (conversationId ?? undefined);
    const { data, fields: invalid } = validateForm(generateRequestSchema, {
      prompt: current.prompt,
      model: current.model,
      ...(current.language ? { language: current.language } : {}),
      ...parameters.requestFields(),
      ...(followUp ? { conversationId: followUp } : {}),
      ...(followUp && action ? { action } : {}),
    });
    if (!data) return showFieldErrors(invalid);
    setFields({});
    setRunLanguage(data.language ?? null);
    const result = await start(data);
    if (result.error instanceof ApiError && Object.keys(result.error.fields).length > 0) showFieldErrors(result.error.fields);
    if (result.generationId) setHistoryChanges((count) => count + 1);
    if (result.conversationId) {
      setEditing(false);
      if (result.conversationId === conversationId) void thread.reload();
      else setConversationId(result.conversationId);
    }
  }

  const storedKey = apiKeys ? apiKeys.togetherAI : undefined;
  const keyProblem = storedKey === null ? "missing" : storedKey?.masked === null ? "unreadable" : null;
  // Once the server has refused for want of a key, the answer panel says so; one notice is enough.
  const refusedForKey = run.error instanceof ApiError && run.error.code === ErrorCode.NoApiKey;

  return (
    <div className={styles.layout}>
      <div className={styles.work}>
        {keyProblem && !refusedForKey && <NoKeyNotice reason={keyProblem} />}
        {conversationId && !thread.conversation && !legacyEntryId && run.conversationId !== conversationId && (
          <div className={styles.stack}>
            {thread.error ? (
              <>
                <FormAlert message={`This conversation could not be loaded. ${errorMessage(thread.error)}`} />
                <button type="button" className={styles.button} onClick={() => void thread.reload()}>
                  Try again
                </button>
              </>
            ) : (
              <p role="status" className={styles.muted}>
                Loading the conversation…
              </p>
            )}
          </div>
        )}
        {thread.conversation && (
          <ConversationThread
            key={thread.conversation.id}
            conversation={thread.conversation}
            lastShownBelow={run.status !== "idle" && run.conversationId === thread.conversation.id}
            droppedTurns={run.conversationId === thread.conversation.id ? run.droppedTurns : 0}
            running={running}
            onAction={(action) => {
              const last = thread.conversation?.turns.at(-1);
              if (!last) return;
              if (action === "edit") {
                // The prompt box takes the last prompt; its next Generate replaces it.
                setValues({ ...values, prompt: last.prompt });
                setEditing(true);
                focusLater(() => document.getElementById("generate-prompt"));
                return;
              }
              void generate({ ...values, prompt: last.prompt }, action);
            }}
            onNew={() => {
              setConversationId(null);
              setEditing(false);
              reset();
              focusLater(() => document.getElementById("generate-prompt"));
            }}
          />
        )}
        {editing && <p className={styles.muted}>Editing the last prompt: Generate answers it as a new version.</p>}
        <GenerateForm
          formRef={formRef}
          options={options}
          values={values}
          onChange={setValues}
          fields={fields}
          running={running}
          onGenerate={() => void generate()}
          onStop={stop}
          parameters={
            <ParametersPanel
              values={parameters.values}
              onChange={parameters.change}
              presets={parameters.presets}
              fields={fields}
              maxTokensLimit={options.maxTokensLimit}
              onSaveAsDefault={parameters.saveAsDefault}
            />
          }
        />
        {legacyEntryId && (
          <HistoryEntry
            key={legacyEntryId}
            id={legacyEntryId}
            onClose={() => {
              setConversationId(null);
              focusLater(() => document.getElementById("history-heading"));
            }}
            onUsePrompt={(entry) => {
              setValues({
                prompt: entry.prompt,
                language: entry.language ?? "",
                model: options.models.includes(entry.model) ? entry.model : values.model,
              });
              setConversationId(null);
              focusLater(() => document.getElementById("generate-prompt"));
            }}
            onDelete={async (id) => {
              await sendJson<void>(`${GENERATIONS_URL}/${encodeURIComponent(id)}`, "DELETE");
              setConversationId(null);
              focusLater(() => document.getElementById("history-heading"));
            }}
          />
        )}
        {(!legacyEntryId || running) && <AnswerPanel run={run} keyProblem={keyProblem} language={runLanguage} />}
      </div>
      <HistoryList
        openId={thread.conversation ? conversationId : null}
        onOpen={(id) => {
          setConversationId(id);
          setEditing(false);
          // The answer panel belongs to the last run; the opened thread shows its own last answer.
          if (!running) reset();
          // Once its thread is on the page: its heading, so the keyboard lands on what was opened.
          focusLater(() => document.querySelector<HTMLElement>(`[data-conversation-id="${id}"] #thread-heading`));
        }}
        onDeleted={(id) => {
          if (id === conversationId) {
            setConversationId(null);
            setEditing(false);
            if (!running) reset();
          }
          // Its item is gone: the history's heading (directly: nothing on this page may re-render).
          document.getElementById("history-heading")?.focus();
        }}
        onRenamed={(id) => {
          if (id === conversationId) void thread.reload();
        }}
        changes={historyChanges}
      />
    </div>
  );
}
