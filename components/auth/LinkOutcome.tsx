import type { ReactNode } from "react";
import styles from "@/components/ui/Form.module.css";

interface LinkOutcomeProps {
  /** "error": the link or the request failed for good; "success": it did what it promised. */
  tone: "error" | "success";
  message: string;
  /** Set when it replaces a form, so focus can be moved to it. */
  id?: string;
  /** Where to go next: one or more links. */
  children: ReactNode;
}

/** What came of an emailed link (it worked, or why it cannot), announced, with the links to go on. */
export function LinkOutcome({ tone, message, id, children }: LinkOutcomeProps) {
  return (
    <>
      <p
        role={tone === "error" ? "alert" : "status"}
        id={id}
        tabIndex={id ? -1 : undefined}
        className={tone === "error" ? styles.alert : styles.success}
      >
        {message}
      </p>
      <p className={styles.alternate}>{children}</p>
    </>
  );
}
