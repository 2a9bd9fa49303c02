import { useEffect, useState } from "react";
import generateStyles from "./Generate.module.css";
import styles from "./CopyButton.module.css";
import { copyText } from "@/lib/client";

type CopyState = "idle" | "copied" | "failed";

/** How long "Copied" stays before the button reads "Copy" again. */
const CONFIRMATION_MS = 2_000;

/**
 * Copies `text()` to the clipboard and says so next to the button, in a live
 * region (screen readers hear "Copied"), or says how to copy by hand when the
 * browser refused.
 */
export function CopyButton({ text, label, className }: { text: () => string; label: string; className?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), state === "copied" ? CONFIRMATION_MS : CONFIRMATION_MS * 3);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <span className={styles.copy}>
      <button
        type="button"
        className={className ?? generateStyles.button}
        onClick={async () => setState((await copyText(text())) ? "copied" : "failed")}
      >
        {label}
      </button>
      <span role="status" className={state === "failed" ? styles.copyFailed : styles.copied}>
        {state === "copied" && "Copied"}
        {state === "failed" && "Could not copy; select the text and copy it yourself"}
      </span>
    </span>
  );
}
