import { useSession } from "next-auth/react";
import { useEffect, useState, type FormEvent } from "react";
import { Avatar } from "@/components/ui/Avatar";
import { FormAlert } from "@/components/ui/FormAlert";
import { AvatarUpload } from "./AvatarUpload";
import { LoadState } from "./LoadState";
import { SubmitButton } from "@/components/ui/SubmitButton";
import { TextField } from "@/components/ui/TextField";
import formStyles from "@/components/ui/Form.module.css";
import settingsStyles from "./Settings.module.css";
import styles from "./ProfileSection.module.css";
import { useFormFeedback, useMe, validateForm } from "@/lib/client";
import { isAvatarUrl } from "@/lib/avatars/shared";
import { profileUpdateSchema, type MeResponse } from "@/lib/users/shared";

/** Name and picture (a link, or an uploaded one). Saving refreshes the session too, so the header shows the change at once. */
export function ProfileSection() {
  const { user, error, reload } = useMe();
  return (
    <section className={settingsStyles.section} aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      {user ? (
        <>
          <ProfileForm user={user} />
          <AvatarUpload user={user} />
        </>
      ) : (
        <LoadState what="your profile" error={error} onRetry={reload} />
      )}
    </section>
  );
}

/** How long typing must pause before the picture link is previewed. */
const PREVIEW_DELAY_MS = 400;

type ImageResult = "loaded" | "failed";

/** `value` once it has stopped changing for `delayMs`. */
function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

interface PicturePreview {
  /** What the avatar shows: the typed link when the API would take it, else the saved picture. */
  image: string | null;
  /** Under the avatar: whose picture it is. */
  caption: string;
  /** Under the field, announced: whether the typed link works. */
  status: string;
}

/**
 * The avatar and its words for the typed link `url` (trimmed), beside the
 * `saved` link and the picture shown now (`shown`: that link, or an uploaded
 * picture while the field is empty). A link is tried only when the profile
 * schema accepts it, so the preview never shows a picture that Save would refuse.
 */
function describePreview(url: string, saved: string, shown: string, resultOf: (url: string) => ImageResult | undefined): PicturePreview {
  const savedPicture = {
    image: shown || null,
    caption: shown ? "Your picture" : "No picture",
    status: shown && resultOf(shown) === "failed" ? "Your picture could not be loaded; your initials are shown instead." : "",
  };
  if (url === saved) return savedPicture;
  if (url === "") return { image: null, caption: "Preview", status: "Preview: without a picture, your initials are shown." };
  if (!profileUpdateSchema.safeParse({ image: url }).success) {
    // The CSP's img-src ('self' data: https:) would block an http:// picture anyway; say so rather than fail it.
    const status = /^http:/i.test(url)
      ? "Pictures from http:// links cannot be shown; use the image's https:// link."
      : "A preview appears once this is a complete https:// link.";
    return { ...savedPicture, status };
  }
  const result = resultOf(url);
  const status =
    result === "failed"
      ? "This image could not be loaded; your initials will be shown instead."
      : result === "loaded"
        ? "Preview: save your profile to use this picture."
        : "Loading the preview…";
  return { image: url, caption: "Preview", status };
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

  // An uploaded picture is not a link to edit: the field then starts empty, and leaving it so keeps the picture.
  const savedLink = isAvatarUrl(user.image) ? "" : (user.image ?? "");
  const name = draftName ?? user.name ?? "";
  const image = draftImage ?? savedLink;
  // The picture as it would be saved, once typing pauses; and whether each link tried so far loaded.
  const previewUrl = useSettledValue(image.trim(), PREVIEW_DELAY_MS);
  const [imageResult, setImageResult] = useState<{ url: string; result: ImageResult } | null>(null);
  const preview = describePreview(previewUrl, savedLink, user.image ?? "", (url) =>
    imageResult?.url === url ? imageResult.result : undefined,
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    // Only what changed is sent: an account without a name can still change just its picture.
    const imageValue = image.trim() === "" ? null : image.trim();
    const changes = {
      ...(name !== (user.name ?? "") ? { name } : {}),
      ...(imageValue !== (savedLink || null) ? { image: imageValue } : {}),
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
        <Avatar
          key={preview.image ?? "initials"}
          size="lg"
          name={name || user.name}
          email={user.email}
          image={preview.image}
          onImageResult={(result) => {
            if (preview.image) setImageResult({ url: preview.image, result });
          }}
        />
        <span>{preview.caption}</span>
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
      {/* The field and its preview line together, so an empty line leaves no gap. */}
      <div className={formStyles.field}>
        <TextField
          name="image"
          label="Picture URL"
          type="url"
          inputMode="url"
          autoComplete="photo"
          placeholder="https://…"
          hint={
            savedLink === "" && user.image
              ? "An https:// link to use instead of your uploaded picture. Leave it empty to keep that picture."
              : "An https:// link to an image. Leave it empty to show your initials."
          }
          value={image}
          onChange={(event) => {
            setDraftImage(event.target.value);
            setSaved(null);
          }}
          errors={fields.image}
        />
        <div role="status">{preview.status && <p className={formStyles.hint}>{preview.status}</p>}</div>
      </div>
      <div className={settingsStyles.formActions}>
        <SubmitButton pending={pending} label="Save profile" pendingLabel="Saving…" />
        <div role="status">{saved && <p className={formStyles.success}>{saved}</p>}</div>
      </div>
    </form>
  );
}
