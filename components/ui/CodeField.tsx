import type { ComponentProps } from "react";
import styles from "./CodeField.module.css";
import formStyles from "./Form.module.css";
import { TextField } from "./TextField";

type CodeFieldProps = Pick<ComponentProps<typeof TextField>, "label" | "hint" | "errors" | "autoFocus"> & { name?: string };

/**
 * The field for a 6-digit one-time code (the email's, an authenticator
 * app's): a numeric keyboard on phones, the code the system offers from a
 * message or an app (`one-time-code`), no spell check. It takes a few more
 * characters than six, since people type the code with a space or a dash in
 * the middle; the server's schema removes them.
 */
export function CodeField({ name = "code", ...field }: CodeFieldProps) {
  return (
    <TextField
      name={name}
      className={`${formStyles.input} ${styles.code}`}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      maxLength={16}
      required
      {...field}
    />
  );
}
