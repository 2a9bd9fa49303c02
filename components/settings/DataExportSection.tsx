import settingsStyles from "./Settings.module.css";

/** Settings → Your data → "Download your data": a JSON copy of everything the account holds. */
export function DataExportSection() {
  return (
    <section className={settingsStyles.section} aria-labelledby="data-export-heading">
      <h2 id="data-export-heading">Download your data</h2>
    </section>
  );
}
