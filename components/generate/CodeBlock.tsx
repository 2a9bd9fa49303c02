import { useRef, type ComponentProps } from "react";
import type { ExtraProps } from "react-markdown";
import { CopyButton } from "./CopyButton";
import styles from "./Markdown.module.css";

/** The fence's language ("ts"), from the `language-ts` class the Markdown parser gives its <code>. */
function languageOf(node: ExtraProps["node"]): string | null {
  const code = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  const classes = code?.type === "element" ? code.properties.className : undefined;
  const list = Array.isArray(classes) ? classes : [];
  const language = list.find((name) => typeof name === "string" && name.startsWith("language-"));
  return typeof language === "string" ? language.slice("language-".length) : null;
}

/**
 * A fenced code block from the model's answer: its language and a Copy button
 * above the highlighted code. What is copied is the text as shown, read from
 * the page, so it is exactly what the person sees.
 */
export function CodeBlock({ node, children, ...props }: ComponentProps<"pre"> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  const language = languageOf(node);
  return (
    <div className={styles.codeBlock}>
      <div className={styles.codeBar}>
        <span>{language ?? "code"}</span>
        <CopyButton label="Copy code" text={() => pre.current?.textContent ?? ""} />
      </div>
      {/* Focusable so keyboard users can scroll a long line sideways. */}
      <pre ref={pre} tabIndex={0} {...props}>
        {children}
      </pre>
    </div>
  );
}
