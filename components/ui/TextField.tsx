import type { ComponentProps, ReactElement, ReactNode } from "react";
import styles from "./Form.module.css";

interface TextFieldProps extends ComponentProps<"input"> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  /** What to do about the error, after its words (a link such as "Sign in instead"). */
  errorAction?: ReactNode;
  /** Lays the input out with what belongs to it (PasswordField: its Show button and strength meter); the input alone by default. */
  renderInput?: (input: ReactElement) => ReactNode;
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function TextField({ name, label, errors, hint, errorAction, renderInput, id = `field-${name}`, ...input }: TextFieldProps) {
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  const inputElement = (
    <input
      id={id}
      name={name}
      className={styles.input}
      aria-invalid={invalid}
      aria-describedby={describedBy || undefined}
      {...input}
    />
  );
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {renderInput ? renderInput(inputElement) : inputElement}
      {hint && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      {invalid && (
        <p id={`${id}-error`} className={styles.fieldError}>
          {errors?.join(" ")}
          {errorAction && <> {errorAction}</>}
        </p>
      )}
    </div>
  );
}
