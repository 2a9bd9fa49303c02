import settingsStyles from "./Settings.module.css";

/** Settings → Your data → "Delete account": what goes, what is kept, and the confirmation. */
export function DeleteAccountSection() {
  return (
    <section className={settingsStyles.section} aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete account</h2>
    </section>
  );
}
