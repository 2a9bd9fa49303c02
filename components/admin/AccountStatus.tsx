import styles from "./Admin.module.css";

/** "Active" or "Disabled", coloured for the eye; the word says it for everyone. */
export function AccountStatus({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span className={styles.statusDisabled}>Disabled</span>
  ) : (
    <span className={styles.statusActive}>Active</span>
  );
}
