import { useEffect, useRef, useState } from "react";
import settingsStyles from "./Settings.module.css";
import styles from "./TwoStepSection.module.css";
import { copyText, downloadText } from "@/lib/client";

/**
 * Recovery codes, shown once (after turning two-step verification on, or
 * making a new set): copy them or save them as a .txt file, then say so.
 */
export function RecoveryCodesPanel({ codes, fresh, onDone }: { codes: string[]; fresh: "first" | "new"; onDone: () => void }) {
  const [feedback, setFeedback] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The codes replace the form the person was in: a keyboard or screen reader starts reading at them.
  useEffect(() => heading.current?.focus(), []);
  const text = `KeyForge recovery codes (each works once)\n\n${codes.join("\n")}\n`;

  async function copy() {
    setFeedback((await copyText(text)) ? "Copied to the clipboard." : "Your browser did not allow copying. Select the codes, or download them.");
  }

  function download() {
    downloadText("keyforge-recovery-codes.txt", text);
    setFeedback("Saved as keyforge-recovery-codes.txt.");
  }

  return (
    <div className={settingsStyles.panel} role="group" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" ref={heading} tabIndex={-1}>
        {fresh === "first" ? "Two-step verification is on. Save your recovery codes" : "Your new recovery codes"}
      </h3>
      <p>
        If you lose your phone, each code signs you in once instead of an authenticator code. Keep them somewhere safe, such as a
        password manager. They are shown only now{fresh === "new" ? "; your old codes no longer work" : ""}.
      </p>
      <ul className={styles.codes} aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className={settingsStyles.actions}>
        <button type="button" className={settingsStyles.button} onClick={() => void copy()}>
          Copy codes
        </button>
        <button type="button" className={settingsStyles.button} onClick={download}>
          Download .txt
        </button>
        <button type="button" className={settingsStyles.button} onClick={onDone}>
          I saved them
        </button>
      </div>
      <div role="status">{feedback && <p className={settingsStyles.saved}>{feedback}</p>}</div>
    </div>
  );
}
