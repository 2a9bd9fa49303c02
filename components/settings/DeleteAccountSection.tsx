import { useRouter } from "next/router";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { PasswordField } from "@/components/ui/PasswordField";
import { TextField } from "@/components/ui/TextField";
import formStyles from "@/components/ui/Form.module.css";
import { LoadState } from "./LoadState";
import { ReauthPrompt } from "./ReauthPrompt";
import settingsStyles from "./Settings.module.css";
import { accountDeletionSchema, DELETE_WITHOUT_EMAIL, type AccountDeletionRequest } from "@/lib/account-deletion/shared";
import { forgetThisBrowsersSession, isReauthRequired, sendJson, useFormFeedback, useMe, validateForm } from "@/lib/client";
import type { MeResponse } from "@/lib/users/shared";

/** The documented defaults of USAGE_RETENTION_DAYS and AUTH_EVENT_RETENTION_DAYS (docs/accounts.md). */
const KEPT_DAYS = 90;

/** Settings → Your data → "Delete account": what goes, what is kept, and the confirmation. */
export function DeleteAccountSection() {
  const { user, error, reload } = useMe();
  return (
    <section className={settingsStyles.section} aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete account</h2>
      <p className={settingsStyles.sectionIntro}>
        Deleting your account cannot be undone. Gone at once: your API keys, saved prompts and answers, connected sign-in
        providers, passkeys, two-step verification and profile picture; every device is signed out.
      </p>
      <p className={settingsStyles.sectionIntro}>
        Kept for up to {KEPT_DAYS} days, then deleted: usage records without any prompt or answer text, and the security log,
        which names your address only by a keyed hash. Your address can sign up again at once.
      </p>
      {user ? <DeleteAccountForm user={user} /> : <LoadState what="your account" error={error} onRetry={reload} />}
    </section>
  );
}

function DeleteAccountForm({ user }: { user: MeResponse["user"] }) {
  const { formRef, fields, formError, pending, showErrors, submit } = useFormFeedback();
  /** The deletion the server refused until the person confirms it is them (403 REAUTH_REQUIRED), to retry after. */
  const [awaitingReauth, setAwaitingReauth] = useState<AccountDeletionRequest | null>(null);
  const router = useRouter();
  const confirmation = user.email ?? DELETE_WITHOUT_EMAIL;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const request = {
      confirmEmail: String(values.get("confirmEmail") ?? ""),
      ...(user.hasPassword ? { currentPassword: String(values.get("currentPassword") ?? "") } : {}),
    };
    const { data, fields: invalid } = validateForm(accountDeletionSchema, request);
    if (!data) return showErrors(invalid);
    await remove(data);
  }

  async function remove(data: AccountDeletionRequest): Promise<void> {
    setAwaitingReauth(null);
    const ok = await submit(async () => {
      try {
        await sendJson<void>("/api/user", "DELETE", data);
      } catch (error) {
        if (isReauthRequired(error)) setAwaitingReauth(data);
        throw error;
      }
    });
    if (!ok) return;
    await forgetThisBrowsersSession();
    await router.replace("/account-deleted");
  }

  return (
    <>
      <form ref={formRef} className={formStyles.form} onSubmit={onSubmit} noValidate>
        <FormAlert message={formError} />
        <TextField
          name="confirmEmail"
          label={user.email ? `Type your email address (${user.email}) to confirm` : `Type ${DELETE_WITHOUT_EMAIL} to confirm`}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          errors={fields.confirmEmail}
          placeholder={confirmation}
        />
        {user.hasPassword && (
          <PasswordField name="currentPassword" label="Current password" autoComplete="current-password" required errors={fields.currentPassword} />
        )}
        <div className={settingsStyles.formActions}>
          <button type="submit" className={settingsStyles.dangerButton} disabled={pending} aria-busy={pending}>
            {pending ? "Deleting…" : "Delete my account"}
          </button>
        </div>
      </form>
      {awaitingReauth && (
        <ReauthPrompt hasPassword={user.hasPassword} onConfirmed={() => remove(awaitingReauth)} onCancel={() => setAwaitingReauth(null)} />
      )}
    </>
  );
}
