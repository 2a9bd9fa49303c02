import { useRef, type ComponentProps } from "react";
import type { ExtraProps } from "react-markdown";
import { CopyButton } from "./CopyButton";
import generateStyles from "./Generate.module.css";
import styles from "./Markdown.module.css";
import { downloadText, fileExtensionFor } from "@/lib/client";

/** The fence's language ("ts"), from the `language-ts` class the Markdown parser gives its <code>. */
function languageOf(node: ExtraProps["node"]): string | null {
  const code = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  const classes = code?.type === "element" ? code.properties.className : undefined;
  const list = Array.isArray(classes) ? classes : [];
  const language = list.find((name) => typeof name === "string" && name.startsWith("language-"));
  return typeof language === "string" ? language.slice("language-".length) : null;
}

/**
 * A fenced code block from the model's answer: its language, and Copy and
 * Download buttons above the highlighted code. What is copied or saved is the
 * text as shown, read from the page, so it is exactly what the person sees;
 * the file's extension is the block's language's, else the chosen one's.
 */
export function CodeBlock({ node, children, fallbackLanguage, ...props }: ComponentProps<"pre"> & ExtraProps & { fallbackLanguage: string | null }) {
  const pre = useRef<HTMLPreElement>(null);
  const language = languageOf(node);
  const extension = fileExtensionFor(language && language !== "plaintext" ? language : fallbackLanguage);
  return (
    <div className={styles.codeBlock}>
      <div className={styles.codeBar}>
        <span>{language ?? "code"}</span>
        <span className={styles.codeActions}>
          <CopyButton label="Copy code" text={() => pre.current?.textContent ?? ""} />
          <button
            type="button"
            className={generateStyles.button}
            aria-label={`Download code as a .${extension} file`}
            onClick={() => downloadText(`keyforge-code.${extension}`, pre.current?.textContent ?? "")}
          >
            Download
          </button>
        </span>
      </div>
      {/* Focusable so keyboard users can scroll a long line sideways. */}
      <pre ref={pre} tabIndex={0} {...props}>
        {children}
      </pre>
    </div>
  );
}
