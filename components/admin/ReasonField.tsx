import formStyles from "@/components/ui/Form.module.css";
import styles from "./AdminUser.module.css";

interface ReasonFieldProps {
  id: string;
  label: string;
  maxLength: number;
  /** What the reason is kept for, in one sentence; the limit is said after it. */
  purpose: string;
  /** Its errors, from the form's own check or the server's answer (none: valid). */
  errors: string[] | undefined;
  onChange(): void;
}

/** The reason an admin gives for an action on an account (disabling it, resetting its second factors), with its errors announced. */
export function ReasonField({ id, label, maxLength, purpose, errors, onChange }: ReasonFieldProps) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={formStyles.field}>
      <label htmlFor={id} className={formStyles.label}>
        {label}
      </label>
      <textarea
        id={id}
        name="reason"
        className={styles.reason}
        required
        maxLength={maxLength}
        rows={3}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={onChange}
      />
      <p id={`${id}-hint`} className={formStyles.hint}>
        {purpose} At most {maxLength} characters.
      </p>
      {invalid && (
        <p id={`${id}-error`} className={formStyles.fieldError}>
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
