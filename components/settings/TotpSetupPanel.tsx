import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { CodeField } from "@/components/ui/CodeField";
import formStyles from "@/components/ui/Form.module.css";
import { QrCode } from "./QrCode";
import settingsStyles from "./Settings.module.css";
import styles from "./TwoStepSection.module.css";
import { copyText, useFormFeedback, validateForm } from "@/lib/client";
import { totpConfirmSchema, type TotpSetupResponse } from "@/lib/two-factor/shared";

interface TotpSetupPanelProps {
  setup: TotpSetupResponse;
  confirmSetup: (code: string) => Promise<string[]>;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

/**
 * Setting up an authenticator app: scan the QR code (or type the secret,
 * shown in groups of four), then enter the code the app shows to turn
 * two-step verification on.
 */
export function TotpSetupPanel({ setup, confirmSetup, onEnabled, onCancel }: TotpSetupPanelProps) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();
  const [copied, setCopied] = useState<string | null>(null);
  const groups = setup.secret.match(/.{1,4}/g) ?? [setup.secret];

  async function copySecret() {
    setCopied((await copyText(setup.secret)) ? "Key copied." : "Your browser did not allow copying: select the key instead.");
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, fields: invalid } = validateForm(totpConfirmSchema, { code: String(new FormData(event.currentTarget).get("code") ?? "") });
    if (!data) return showErrors(invalid);
    let codes: string[] = [];
    const ok = await submit(async () => {
      codes = await confirmSetup(data.code);
    });
    if (ok) onEnabled(codes);
  }

  return (
    <form ref={formRef} className={`${formStyles.form} ${settingsStyles.panel}`} onSubmit={onSubmit} noValidate aria-labelledby="totp-setup-heading">
      <h3 id="totp-setup-heading">Set up your authenticator app</h3>
      <ol className={styles.steps}>
        <li>
          <span>Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy, …).</span>
          <QrCode text={setup.otpauthUrl} label="QR code for your authenticator app; the same key is written below" />
        </li>
        <li>
          <span id="totp-secret-label">Or type this key into the app:</span>
          <p className={styles.secret} aria-labelledby="totp-secret-label" data-testid="totp-secret">
            {groups.map((group, index) => (
              <span key={index}>{group}</span>
            ))}
          </p>
          <div className={settingsStyles.actions}>
            <button type="button" className={settingsStyles.button} onClick={() => void copySecret()}>
              Copy key
            </button>
            <span role="status" className={settingsStyles.meta}>
              {copied}
            </span>
          </div>
        </li>
        <li>
          <FormAlert message={formError} />
          <CodeField label="Enter the 6-digit code the app shows" errors={fields.code} />
        </li>
      </ol>
      <div className={settingsStyles.actions}>
        <SubmitButton pending={pending} label="Turn on" pendingLabel="Checking…" />
        <button type="button" className={settingsStyles.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
