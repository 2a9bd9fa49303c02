import styles from "./Form.module.css";

/** A message about the whole form, announced to screen readers when it appears. */
export function FormAlert({ message, tone = "error" }: { message: string | null; tone?: "error" | "success" }) {
  if (!message) return null;
  return (
    <p role={tone === "error" ? "alert" : "status"} className={tone === "error" ? styles.alert : styles.success}>
      {message}
    </p>
  );
}
