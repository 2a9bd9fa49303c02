import { useSession } from "next-auth/react";
import { useRef, useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { ReauthPrompt } from "./ReauthPrompt";
import styles from "./DataExportSection.module.css";
import settingsStyles from "./Settings.module.css";
import { downloadDataExport, isReauthRequired, useActionStatus, useFocusAfterRender, useMe } from "@/lib/client";
import { isAuthenticationStale } from "@/lib/sessions/shared";

/** "1.2 MB", "340 KB": how much of the file has come. */
function sizeInWords(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1_000))} KB`;
}

/**
 * Settings → Your data → "Download your data": a JSON copy of everything the
 * account holds. It hands over the decrypted history, so it asks for a
 * recent sign-in first (here when the session is known to be old, or when
 * the server says so), then shows how much has come until the file is saved.
 */
export function DataExportSection() {
  const { data: session } = useSession();
  const { user } = useMe();
  const { busy, status, error, run, clearStatus } = useActionStatus<"download">();
  const [received, setReceived] = useState(0);
  const [askingProof, setAskingProof] = useState(false);
  /** When the user proved who they are here, before the session cookie's new authentication time reaches useSession. */
  const confirmedAt = useRef(0);
  const focusLater = useFocusAfterRender();
  /** The prompt's first control: keyboard users land in it, not on the page. */
  const promptControl = () => document.querySelector<HTMLElement>("#data-export-proof input, #data-export-proof button");
  const downloadButton = () => document.getElementById("data-export-button");

  function askForProof() {
    setAskingProof(true);
    focusLater(promptControl);
  }

  async function download() {
    setAskingProof(false);
    setReceived(0);
    await run("download", async () => {
      try {
        await downloadDataExport(setReceived);
      } catch (caught) {
        if (isReauthRequired(caught)) askForProof();
        throw caught;
      }
      return "Your data is downloaded. Keep the file safe: it holds your history in plain text.";
    });
    focusLater(downloadButton);
  }

  function start() {
    if (isAuthenticationStale(Math.max(session?.authTime ?? 0, confirmedAt.current))) {
      clearStatus();
      askForProof();
      return;
    }
    void download();
  }

  return (
    <section className={settingsStyles.section} aria-labelledby="data-export-heading" id="data-export">
      <h2 id="data-export-heading">Download your data</h2>
      <p className={settingsStyles.sectionIntro}>A copy of what KeyForge holds about you, in one JSON file you can read or take elsewhere.</p>
      <div className={styles.contents}>
        <div>
          <h3>What the file holds</h3>
          <ul>
            <li>Your profile, email address and whether it is verified</li>
            <li>Connected accounts, devices, passkeys and whether two-step verification is on</li>
            <li>Your security activity</li>
            <li>Your API keys, masked as Settings shows them</li>
            <li>Your settings, and every generation: its usage, and its prompt and answer while your history keeps them</li>
          </ul>
        </div>
        <div>
          <h3>What it never holds</h3>
          <ul>
            <li>Your password or anything made from it</li>
            <li>Your API keys themselves</li>
            <li>Your authenticator secret, recovery codes or passkey keys</li>
            <li>Sign-in tokens of KeyForge or of connected accounts</li>
          </ul>
        </div>
      </div>
      {askingProof ? (
        <div id="data-export-proof">
          <ReauthPrompt
            hasPassword={user?.hasPassword ?? true}
            onConfirmed={() => {
              confirmedAt.current = Date.now();
              void download();
            }}
            onCancel={() => {
              setAskingProof(false);
              focusLater(downloadButton);
            }}
          />
        </div>
      ) : (
        <div className={settingsStyles.formActions}>
          <button
            id="data-export-button"
            type="button"
            className={settingsStyles.button}
            disabled={busy !== null}
            aria-describedby="data-export-progress"
            onClick={start}
          >
            {busy ? "Downloading…" : "Download your data"}
          </button>
        </div>
      )}
      <p id="data-export-progress" className={`${settingsStyles.meta} ${styles.progress}`} role="status">
        {busy ? (received > 0 ? `Received ${sizeInWords(received)}…` : "Preparing your file…") : (status ?? "")}
      </p>
      <FormAlert message={error} />
    </section>
  );
}
