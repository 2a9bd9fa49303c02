import { memo, useMemo } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import { CodeBlock } from "./CodeBlock";
import styles from "./Markdown.module.css";
import { asMarkdownAnswer } from "@/lib/client";

/**
 * Model output is untrusted. Raw HTML in it is shown as text (react-markdown
 * never renders it, and no rehype-raw is used); images are dropped, so an
 * answer cannot make the browser fetch a remote URL; links open in a new tab
 * without a referrer or an opener and carry no endorsement. react-markdown's
 * default URL filter already drops `javascript:` and other unsafe schemes.
 */
const DISALLOWED_ELEMENTS = ["img"];

const baseComponents: Components = {
  a: ({ href, title, children }) => (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
};

/** Highlights fenced code by its language, guessing it when the fence names none. */
const rehypePlugins: Options["rehypePlugins"] = [[rehypeHighlight, { detect: true }]];

/**
 * Markdown from the model, with highlighted code blocks; memoised so other
 * state changes do not re-parse it. `language` is the one the person chose:
 * an answer of bare code is shown as a block of it, and a block without a
 * tag downloads with its extension.
 */
export const Markdown = memo(function Markdown({ text, label, language = null }: { text: string; label?: string; language?: string | null }) {
  const components = useMemo<Components>(
    () => ({ ...baseComponents, pre: (props) => <CodeBlock {...props} fallbackLanguage={language} /> }),
    [language],
  );
  return (
    <div className={styles.markdown} aria-label={label}>
      <ReactMarkdown rehypePlugins={rehypePlugins} disallowedElements={DISALLOWED_ELEMENTS} components={components}>
        {asMarkdownAnswer(text, language)}
      </ReactMarkdown>
    </div>
  );
});
