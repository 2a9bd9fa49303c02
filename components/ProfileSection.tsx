import { useSession } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { Avatar } from "@/components/Avatar";
import { FormAlert } from "@/components/FormAlert";
import { LoadState } from "@/components/LoadState";
import { SubmitButton } from "@/components/SubmitButton";
import { TextField } from "@/components/TextField";
import formStyles from "@/components/Form.module.css";
import styles from "@/components/Settings.module.css";
import type { FieldErrors } from "@/lib/api/errors";
import { ApiError } from "@/lib/api-client";
import { validateForm } from "@/lib/forms";
import { errorMessage } from "@/lib/hooks/error-message";
import { useFocusAfterRender } from "@/lib/hooks/use-focus-after-render";
import { useMe } from "@/lib/hooks/use-me";
import { profileUpdateSchema, type MeResponse } from "@/lib/validations/user";

/** Name and picture. Saving refreshes the session too, so the header shows the new name at once. */
export function ProfileSection() {
  const { user, error, reload } = useMe();
  return (
    <section className={styles.section} aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      {user ? (
        <ProfileForm user={user} />
      ) : (
        <LoadState what="your profile" error={error} onRetry={reload} />
      )}
    </section>
  );
}

/**
 * The inputs follow the saved account until the person types (a `null` draft
 * means untouched), so a save or a background revalidation updates them
 * without remounting the form and losing focus.
 */
function ProfileForm({ user }: { user: MeResponse["user"] }) {
  const { updateProfile } = useMe();
  const { update: refreshSession } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [draftName, setDraftName] = useState<string | null>(null);
  const [draftImage, setDraftImage] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const focusLater = useFocusAfterRender();

  const name = draftName ?? user.name ?? "";
  const image = draftImage ?? user.image ?? "";

  /**
   * Focuses the first invalid input once React has committed the errors: after
   * an awaited request the commit may come later than lib/forms' next frame.
   */
  function focusFirstInvalid() {
    focusLater(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']"));
  }

  /** The submit button is disabled while saving, which takes focus from it; this gives it back. */
  function focusSubmit() {
    focusLater(() => formRef.current?.querySelector<HTMLButtonElement>("button[type=submit]:enabled"));
  }

  function showErrors(next: FieldErrors, message: string | null = null) {
    setFields(next);
    setFormError(message ?? next._?.join(" ") ?? null);
    if (next.name || next.image) focusFirstInvalid();
    else focusSubmit();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    // Only what changed is sent: an account without a name can still change just its picture.
    const imageValue = image.trim() === "" ? null : image.trim();
    const changes = {
      ...(name !== (user.name ?? "") ? { name } : {}),
      ...(imageValue !== user.image ? { image: imageValue } : {}),
    };
    const { data, fields: invalid } = validateForm(profileUpdateSchema, changes);
    if (!data) return showErrors(invalid);

    setPending(true);
    setFields({});
    setFormError(null);
    try {
      await updateProfile(data);
      await refreshSession();
      setDraftName(null);
      setDraftImage(null);
      setSaved("Profile saved.");
      focusSubmit();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) showErrors(error.fields);
      else showErrors({}, errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} className={styles.profileForm} onSubmit={onSubmit} noValidate>
      <div className={styles.preview}>
        <Avatar name={user.name} email={user.email} image={user.image} />
        <span>{user.image ? "Your picture" : "No picture"}</span>
      </div>
      <FormAlert message={formError} />
      <TextField
        name="name"
        label="Name"
        autoComplete="name"
        required
        value={name}
        onChange={(event) => {
          setDraftName(event.target.value);
          setSaved(null);
        }}
        errors={fields.name}
      />
      <TextField
        name="image"
        label="Picture URL"
        type="url"
        inputMode="url"
        autoComplete="photo"
        placeholder="https://…"
        hint="An https:// link to an image. Leave it empty to show your initials."
        value={image}
        onChange={(event) => {
          setDraftImage(event.target.value);
          setSaved(null);
        }}
        errors={fields.image}
      />
      <div className={styles.formActions}>
        <SubmitButton pending={pending} label="Save profile" pendingLabel="Saving…" />
        <div role="status">{saved && <p className={formStyles.success}>{saved}</p>}</div>
      </div>
    </form>
  );
}
