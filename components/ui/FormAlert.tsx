import type { ReactNode } from "react";
import styles from "./Form.module.css";

interface FormAlertProps {
  message: string | null;
  tone?: "error" | "success";
  /** What to do about it, after the message (a link such as "Reset your password"). */
  children?: ReactNode;
}

/** A message about the whole form, announced to screen readers when it appears. */
export function FormAlert({ message, tone = "error", children }: FormAlertProps) {
  if (!message) return null;
  return (
    <p role={tone === "error" ? "alert" : "status"} className={tone === "error" ? styles.alert : styles.success}>
      {message}
      {children && <> {children}</>}
    </p>
  );
}
