import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import { ReauthPrompt } from "./ReauthPrompt";
import { PasswordField } from "@/components/ui/PasswordField";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import formStyles from "@/components/ui/Form.module.css";
import settingsStyles from "./Settings.module.css";
import styles from "./EmailSection.module.css";
import type { FieldErrors } from "@/lib/http/shared";
import { absoluteTime, isReauthRequired, useActionStatus, useEmailStatus, useFocusAfterRender, useFormFeedback, validateForm } from "@/lib/client";
import { emailChangeSchema, type EmailChangeInput, type EmailStatusResponse } from "@/lib/email-flows/shared";

/**
 * Settings → Email: the address, whether it is confirmed (with a new link when
 * not), a change waiting for the new address to confirm, and asking for one.
 * Nothing changes until the new address opens its link; mails link here as
 * `/settings/account#email`.
 */
export function EmailSection() {
  const { emailStatus, error, reload } = useEmailStatus();
  return (
    <section className={settingsStyles.addressSection} aria-labelledby="email-heading" id="email">
      <h2 id="email-heading" tabIndex={-1}>
        Email address
      </h2>
      <p className={settingsStyles.sectionIntro}>Where password reset links and security notices go.</p>
      {emailStatus ? (
        <>
          <EmailState status={emailStatus} />
          <ChangeEmailForm status={emailStatus} />
        </>
      ) : (
        <LoadState what="your email address" error={error} onRetry={reload} />
      )}
    </section>
  );
}

/** The address and its badge, "Resend verification email" while unconfirmed, and a pending change with "Cancel". */
function EmailState({ status }: { status: EmailStatusResponse }) {
  const { resendVerification, cancelEmailChange } = useEmailStatus();
  const { busy, status: done, error, run } = useActionStatus<"resend" | "cancel">();
  const focusLater = useFocusAfterRender();
  const { email, emailVerified, pendingEmail } = status;

  async function cancel() {
    await run("cancel", async () => {
      await cancelEmailChange();
      return "The email change was cancelled; its link no longer works.";
    });
    // The Cancel button is gone: focus goes back to the section's heading.
    focusLater(() => document.getElementById("email-heading"));
  }

  return (
    <>
      <div className={styles.emailRow}>
        {email ? <span className={styles.emailAddress}>{email}</span> : <span className={settingsStyles.muted}>No email address yet</span>}
        {email && (emailVerified ? <span className={styles.badge}>Verified</span> : <span className={styles.badgeWarning}>Not verified</span>)}
      </div>
      {email && !emailVerified && (
        <div className={settingsStyles.actions}>
          <button
            type="button"
            className={settingsStyles.button}
            disabled={busy !== null}
            aria-busy={busy === "resend"}
            onClick={() => void run("resend", async () => (await resendVerification()).message)}
          >
            {busy === "resend" ? "Sending…" : "Resend verification email"}
          </button>
        </div>
      )}
      {pendingEmail && (
        <div className={settingsStyles.actions}>
          <p className={settingsStyles.muted}>
            Waiting for confirmation at <strong>{pendingEmail.address}</strong> until{" "}
            <time dateTime={pendingEmail.expiresAt}>{absoluteTime(pendingEmail.expiresAt)}</time>.
          </p>
          <button type="button" className={settingsStyles.button} disabled={busy !== null} aria-busy={busy === "cancel"} onClick={() => void cancel()}>
            {busy === "cancel" ? "Cancelling…" : "Cancel"}
            <span className={settingsStyles.visuallyHidden}> the change to {pendingEmail.address}</span>
          </button>
        </div>
      )}
      <div role="status">{done && <p className={settingsStyles.saved}>{done}</p>}</div>
      <FormAlert message={error} />
    </>
  );
}

/**
 * The new address, and the current password when the account has one; an
 * account without one needs a recent sign-in instead, which the server asks
 * for with 403 REAUTH_REQUIRED (then ReauthPrompt, and the same request again).
 */
function ChangeEmailForm({ status }: { status: EmailStatusResponse }) {
  const { requestEmailChange } = useEmailStatus();
  const { formRef, fields, formError, pending, showErrors, focusSubmit, submit } = useFormFeedback();
  const [sent, setSent] = useState<string | null>(null);
  /** The change the server refused until the user proves who they are, to send again after. */
  const [awaitingReauth, setAwaitingReauth] = useState<EmailChangeInput | null>(null);
  const { email, hasPassword } = status;

  /** The API's schema, and the current password required when the account has one (the schema has it optional). */
  function validate(values: EmailChangeInput): { data: EmailChangeInput; fields: null } | { data: null; fields: FieldErrors } {
    const result = validateForm(emailChangeSchema, values);
    const invalid: FieldErrors = { ...result.fields };
    if (hasPassword && !values.currentPassword) invalid.currentPassword = ["Enter your current password"];
    if (result.data && Object.keys(invalid).length === 0) return { data: result.data, fields: null };
    return { data: null, fields: invalid };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const values = new FormData(event.currentTarget);
    const newEmail = String(values.get("newEmail") ?? "");
    const currentPassword = hasPassword ? String(values.get("currentPassword") ?? "") : undefined;
    const { data, fields: invalid } = validate({ newEmail, currentPassword });
    if (!data) return showErrors(invalid);
    await save(data);
  }

  async function save(change: EmailChangeInput): Promise<void> {
    setAwaitingReauth(null);
    const ok = await submit(async () => {
      try {
        // 202: a link went to the new address (or is on its way: "queued"); the message says which.
        setSent((await requestEmailChange(change)).message);
      } catch (error) {
        if (isReauthRequired(error)) setAwaitingReauth(change);
        throw error;
      }
    });
    if (!ok) return;
    formRef.current?.reset();
    focusSubmit();
  }

  return (
    <>
      <form ref={formRef} className={formStyles.form} onSubmit={onSubmit} noValidate aria-labelledby="change-email-heading">
        <h3 id="change-email-heading" className={styles.subheading}>
          {email ? "Change your email address" : "Add an email address"}
        </h3>
        <p className={settingsStyles.muted}>
          We send a link to the new address; your account uses it once you open the link and confirm.
          {email && " Your current address is told, and can cancel the change."}
        </p>
        <FormAlert message={formError} />
        {/* Lets password managers file the password under the right account. */}
        {hasPassword && <input type="text" name="username" autoComplete="username" value={email ?? ""} readOnly hidden />}
        <TextField
          name="newEmail"
          label={email ? "New email address" : "Email address"}
          type="email"
          autoComplete="email"
          required
          errors={fields.newEmail}
        />
        {hasPassword && (
          <PasswordField
            id="field-email-current-password"
            name="currentPassword"
            label="Current password"
            autoComplete="current-password"
            required
            errors={fields.currentPassword}
          />
        )}
        <div className={settingsStyles.formActions}>
          <SubmitButton pending={pending} label={email ? "Change email" : "Add email"} pendingLabel="Sending link…" />
          <div role="status">{sent && <p className={formStyles.success}>{sent}</p>}</div>
        </div>
      </form>
      {awaitingReauth && (
        <ReauthPrompt hasPassword={hasPassword} onConfirmed={() => save(awaitingReauth)} onCancel={() => setAwaitingReauth(null)} />
      )}
    </>
  );
}
