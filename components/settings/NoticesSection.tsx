import { useState } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import settingsStyles from "./Settings.module.css";
import styles from "./NoticesSection.module.css";
import { useActionStatus, useFocusAfterRender, useNoticeSettings } from "@/lib/client";
import {
  ALWAYS_SENT_NOTICES,
  OPTIONAL_NOTICE_LABELS,
  OPTIONAL_NOTICES,
  type NoticeSettings,
  type NoticeSettingsResponse,
  type OptionalNotice,
} from "@/lib/notices/shared";

const checkboxId = (notice: OptionalNotice) => `notice-${notice}`;

/**
 * Settings → Email notices: the optional security notices, each saved as soon
 * as it is switched. The ones about how the account signs in are always sent
 * and listed under them. Mails link here as `/settings/notifications#notices`.
 */
export function NoticesSection() {
  const { noticeSettings, error, reload } = useNoticeSettings();
  return (
    <section className={settingsStyles.addressSection} aria-labelledby="notices-heading" id="notices">
      <h2 id="notices-heading">Email notices</h2>
      <p className={settingsStyles.sectionIntro}>
        Emails about changes to your account
        {noticeSettings?.email ? (
          <>
            , sent to <strong>{noticeSettings.email}</strong>
          </>
        ) : null}
        .
      </p>
      {noticeSettings ? <NoticeChoices settings={noticeSettings} /> : <LoadState what="your email notices" error={error} onRetry={reload} />}
    </section>
  );
}

function NoticeChoices({ settings }: { settings: NoticeSettingsResponse }) {
  const { updateNotices } = useNoticeSettings();
  const { busy, status, error, run } = useActionStatus<OptionalNotice>();
  /** The value being saved, shown at once rather than after the answer. */
  const [saving, setSaving] = useState<Partial<NoticeSettings>>({});
  const focusLater = useFocusAfterRender();

  async function change(notice: OptionalNotice, on: boolean) {
    setSaving({ [notice]: on });
    await run(notice, async () => {
      await updateNotices({ [notice]: on });
      return "Saved.";
    });
    setSaving({});
    // The checkbox was disabled while saving, which takes focus away from it: give it back.
    focusLater(() => document.getElementById(checkboxId(notice)));
  }

  return (
    <>
      {settings.email === null && <p className={settingsStyles.warning}>Add an email address to get notices.</p>}
      <fieldset className={styles.choices} disabled={busy !== null} aria-busy={busy !== null}>
        <legend className={settingsStyles.visuallyHidden}>Optional notices</legend>
        {OPTIONAL_NOTICES.map((notice) => {
          const { label, description } = OPTIONAL_NOTICE_LABELS[notice];
          return (
            <div key={notice} className={styles.choice}>
              <input
                type="checkbox"
                id={checkboxId(notice)}
                checked={saving[notice] ?? settings.notices[notice]}
                aria-describedby={`${checkboxId(notice)}-description`}
                onChange={(event) => void change(notice, event.target.checked)}
              />
              <label htmlFor={checkboxId(notice)}>{label}</label>
              <p id={`${checkboxId(notice)}-description`} className={styles.description}>
                {description}
              </p>
            </div>
          );
        })}
      </fieldset>
      <p className={settingsStyles.meta}>Always sent: {ALWAYS_SENT_NOTICES}.</p>
      <div role="status">{status && <p className={settingsStyles.saved}>{status}</p>}</div>
      <FormAlert message={error} />
    </>
  );
}
