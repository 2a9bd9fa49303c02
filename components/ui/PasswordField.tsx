import { useEffect, useLayoutEffect, useRef, useState, type ComponentProps, type MouseEvent, type ReactElement } from "react";
import { TextField } from "./TextField";
import styles from "./PasswordField.module.css";
import { useCommonPasswordCheck, useHydrated } from "@/lib/client";
import { passwordStrength, type PasswordStrength } from "@/lib/passwords/shared";

interface PasswordFieldProps extends Omit<ComponentProps<typeof TextField>, "type" | "autoComplete" | "renderInput" | "ref"> {
  /** Which password this is, so password managers fill or save the right one. */
  autoComplete: "current-password" | "new-password";
  /** For a new password: a strength meter under the input, with the account's email for the "not your email" rule. */
  strengthMeter?: { email: string };
}

/** Where the caret was when a click toggled the visibility, to put it back once the input's type has changed. */
interface Selection {
  start: number;
  end: number;
}

/**
 * A labelled password input (TextField's label, hint and errors) with a
 * Show password toggle and, for a new password, a strength meter driven by the
 * one policy in lib/passwords/shared.ts. Both need JavaScript, so they appear
 * once the page has hydrated; until then it is a plain password field.
 */
export function PasswordField({ strengthMeter, id, name, onChange, onFocus, ...field }: PasswordFieldProps) {
  const inputId = id ?? `field-${name}`;
  const hydrated = useHydrated();
  const inputRef = useRef<HTMLInputElement>(null);
  const [visible, setVisible] = useState(false);
  const [value, setValue] = useState("");
  const { isCommon, load } = useCommonPasswordCheck();
  const caretToRestore = useRef<Selection | null>(null);
  const metered = Boolean(strengthMeter);

  // A reset form (after a saved change) empties the input without an input event: the meter and the toggle start over.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const startOver = () => {
      setValue("");
      setVisible(false);
    };
    form.addEventListener("reset", startOver);
    return () => form.removeEventListener("reset", startOver);
  }, []);

  // Changing the input's type can move the caret: put it back, with the focus, before the browser paints.
  useLayoutEffect(() => {
    const input = inputRef.current;
    const selection = caretToRestore.current;
    if (!input || !selection) return;
    caretToRestore.current = null;
    input.focus();
    input.setSelectionRange(selection.start, selection.end);
  }, [visible]);

  function toggle(event: MouseEvent<HTMLButtonElement>) {
    const input = inputRef.current;
    // A click (detail > 0) goes back to typing where the caret was, or at the end; Enter or Space leaves focus on the button.
    if (input && event.detail > 0) {
      const typing = document.activeElement === input;
      const end = input.value.length;
      caretToRestore.current = typing ? { start: input.selectionStart ?? end, end: input.selectionEnd ?? end } : { start: end, end };
    }
    setVisible((shown) => !shown);
  }

  // The same wrapper before and after hydration, so the input is never remounted (losing what was typed).
  function renderInput(input: ReactElement) {
    return (
      <>
        <div className={styles.control}>
          {input}
          {hydrated && (
            <button
              type="button"
              className={styles.toggle}
              aria-pressed={visible}
              aria-controls={inputId}
              // Keeps the focus (and the caret) in the input when clicked; the click handler does the rest.
              onMouseDown={(event) => event.preventDefault()}
              onClick={toggle}
            >
              <EyeIcon crossedOut={visible} />
              <span className={styles.visuallyHidden}>Show password</span>
            </button>
          )}
        </div>
        {hydrated && strengthMeter && (
          <StrengthMeter strength={passwordStrength(value, { email: strengthMeter.email, isCommon })} shownErrors={field.errors} />
        )}
      </>
    );
  }

  return (
    <TextField
      {...field}
      ref={inputRef}
      id={inputId}
      name={name}
      type={visible ? "text" : "password"}
      // Never corrected or capitalised while visible as text.
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      onFocus={(event) => {
        if (metered) load();
        onFocus?.(event);
      }}
      onChange={(event) => {
        if (metered) load();
        setValue(event.target.value);
        onChange?.(event);
      }}
      renderInput={renderInput}
    />
  );
}

/** What the meter says: the rule broken, or the strength; nothing before anything is typed. */
function strengthInWords(strength: PasswordStrength): string {
  if (strength.level === "empty") return "";
  if (strength.level === "too-weak") return strength.problem;
  return `Strength: ${strength.level}`;
}

/**
 * A bar for the eye (colour and length by level, hidden from screen readers)
 * and a line of words announced politely as they change. The words are left
 * out while the field shows the same message as its error.
 */
function StrengthMeter({ strength, shownErrors }: { strength: PasswordStrength; shownErrors: string[] | undefined }) {
  const words = strengthInWords(strength);
  return (
    <div className={styles.meter}>
      <div className={styles.bar} aria-hidden="true">
        <div className={styles.fill} data-level={strength.level} />
      </div>
      <p className={styles.strength} aria-live="polite">
        {shownErrors?.includes(words) ? "" : words}
      </p>
    </div>
  );
}

/** An eye, struck through while the password is shown. Decorative: the button's words name it. */
function EyeIcon({ crossedOut }: { crossedOut: boolean }) {
  return (
    <svg className={styles.icon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
      {crossedOut && <path d="M4 4l16 16" />}
    </svg>
  );
}
