import type { InputHTMLAttributes } from "react";
import styles from "./Form.module.css";

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function TextField({ name, label, errors, hint, id = `field-${name}`, ...input }: TextFieldProps) {
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        className={styles.input}
        aria-invalid={invalid}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      {invalid && (
        <p id={`${id}-error`} className={styles.fieldError}>
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
