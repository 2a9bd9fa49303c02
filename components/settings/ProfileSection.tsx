import { useSession } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Avatar } from "@/components/ui/Avatar";
import { FormAlert } from "@/components/ui/FormAlert";
import { LoadState } from "./LoadState";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import formStyles from "@/components/ui/Form.module.css";
import styles from "./Settings.module.css";
import { useFormFeedback, useMe, validateForm } from "@/lib/client";
import { profileUpdateSchema, type MeResponse } from "@/lib/users/shared";

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
  const { formRef, fields, formError, pending, showErrors, focusSubmit, submit } = useFormFeedback();
  const [draftName, setDraftName] = useState<string | null>(null);
  const [draftImage, setDraftImage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const name = draftName ?? user.name ?? "";
  const image = draftImage ?? user.image ?? "";

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

    const ok = await submit(async () => {
      await updateProfile(data);
      await refreshSession();
    });
    if (!ok) return;
    setDraftName(null);
    setDraftImage(null);
    setSaved("Profile saved.");
    focusSubmit();
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
