import type { ReactNode } from "react";
import styles from "@/components/ui/Form.module.css";

interface LinkOutcomeProps {
  /** "error": the link or the request failed for good; "success": it did what it promised. */
  tone: "error" | "success";
  message: string;
  /** More to say after the message (what a reset removed, say), as its own paragraph. */
  detail?: string | null;
  /** Set when it replaces a form, so focus can be moved to it. */
  id?: string;
  /** A form that does the next step here (send a new link), before the links. */
  form?: ReactNode;
  /** Where to go next: one or more links. */
  children: ReactNode;
}

/** What came of an emailed link (it worked, or why it cannot), announced, with the way to go on. */
export function LinkOutcome({ tone, message, detail, id, form, children }: LinkOutcomeProps) {
  return (
    <>
      <div role={tone === "error" ? "alert" : "status"} id={id} tabIndex={id ? -1 : undefined} className={tone === "error" ? styles.alert : styles.success}>
        <p className={styles.outcomeLine}>{message}</p>
        {detail && <p className={styles.outcomeLine}>{detail}</p>}
      </div>
      {form && <div className={styles.outcomeForm}>{form}</div>}
      <p className={styles.alternate}>{children}</p>
    </>
  );
}
