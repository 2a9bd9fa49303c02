import { useSession } from "next-auth/react";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { FormAlert } from "@/components/ui/FormAlert";
import formStyles from "@/components/ui/Form.module.css";
import { AvatarCropper, squareOf, WHOLE_SQUARE, type CropChoice } from "./AvatarCropper";
import settingsStyles from "./Settings.module.css";
import styles from "./AvatarUpload.module.css";
import { avatarFileProblem, errorMessage, removeAvatar, uploadAvatar, useFocusAfterRender, useMe } from "@/lib/client";
import { AVATAR_CONTENT_TYPES, isAvatarUrl } from "@/lib/avatars/shared";
import type { MeResponse } from "@/lib/users/shared";

/** The picture decoded upright (EXIF orientation applied, as the server does), or a rejection when it is not an image. */
async function decodeUpright(file: File): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch (error) {
    // A browser that predates "from-image" refuses the option itself, and applies the orientation anyway.
    if (error instanceof TypeError) return createImageBitmap(file);
    throw error;
  }
}

interface Chosen {
  file: File;
  image: ImageBitmap;
}

/**
 * Uploading a picture: choose a file, choose the square, upload (with
 * progress); or remove the uploaded one. The account and the session are
 * refreshed after each, so the header shows the new picture at once.
 */
export function AvatarUpload({ user }: { user: MeResponse["user"] }) {
  const { reload } = useMe();
  const { data: session, update: refreshSession } = useSession();
  const viewingAs = Boolean(session?.impersonator);
  const inputRef = useRef<HTMLInputElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [choice, setChoice] = useState<CropChoice>(WHOLE_SQUARE);
  const [sent, setSent] = useState<number | null>(null);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const busy = sent !== null || removing;
  const uploaded = isAvatarUrl(user.image, user.id);

  // A decoded picture holds memory until closed.
  useEffect(() => () => chosen?.image.close(), [chosen]);

  function forget() {
    setChosen(null);
    if (inputRef.current) inputRef.current.value = "";
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    setError(null);
    setDone(null);
    const file = event.target.files?.[0];
    if (!file) return forget();
    const problem = avatarFileProblem(file);
    if (problem) {
      forget();
      return setError(problem);
    }
    try {
      const image = await decodeUpright(file);
      setChoice(WHOLE_SQUARE);
      setChosen({ file, image });
    } catch {
      forget();
      setError("This file can't be read as an image: choose a PNG, JPEG or WebP picture.");
    }
  }

  async function onUpload() {
    if (!chosen) return;
    const { width, height } = chosen.image;
    const square = squareOf(choice, width, height);
    setError(null);
    setSent(0);
    try {
      const crop = { x: square.left / width, y: square.top / height, size: square.side / Math.min(width, height) };
      await reload(await uploadAvatar(chosen.file, crop, setSent), { revalidate: false });
      await refreshSession();
      forget();
      setDone("Picture uploaded.");
      focusAfterRender(() => removeRef.current);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSent(null);
    }
  }

  async function onRemove() {
    setError(null);
    setDone(null);
    setRemoving(true);
    try {
      await removeAvatar();
      await reload();
      await refreshSession();
      setDone("Picture removed.");
      focusAfterRender(() => inputRef.current);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRemoving(false);
    }
  }

  const status = sent !== null ? `Uploading… ${Math.round(sent * 100)}%` : removing ? "Removing your picture…" : done;
  return (
    <div className={styles.upload}>
      <h3 className={styles.heading}>Upload a picture</h3>
      <div className={formStyles.field}>
        <label htmlFor="avatar-file" className={formStyles.label}>
          Choose an image
        </label>
        <p id="avatar-file-hint" className={formStyles.hint}>
          PNG, JPEG or WebP, up to 5 MB. You choose the square before it is uploaded.
        </p>
        <input
          ref={inputRef}
          id="avatar-file"
          type="file"
          accept={AVATAR_CONTENT_TYPES.join(",")}
          aria-describedby="avatar-file-hint"
          className={styles.fileInput}
          disabled={busy || viewingAs}
          onChange={onFile}
        />
      </div>
      {viewingAs && <p className={settingsStyles.muted}>You are viewing as this user: their picture can&apos;t be changed from here.</p>}
      <FormAlert message={error} />
      {chosen && <AvatarCropper image={chosen.image} choice={choice} onChange={setChoice} disabled={busy} />}
      <div className={settingsStyles.actions}>
        {chosen && (
          <>
            <button type="button" className={formStyles.submit} disabled={busy} aria-busy={sent !== null} onClick={onUpload}>
              {sent !== null ? "Uploading…" : "Upload picture"}
            </button>
            <button type="button" className={settingsStyles.button} disabled={busy} onClick={forget}>
              Cancel
            </button>
          </>
        )}
        {uploaded && !chosen && (
          <button ref={removeRef} type="button" className={settingsStyles.button} disabled={busy || viewingAs} onClick={onRemove}>
            Remove uploaded picture
          </button>
        )}
        {sent !== null && <progress className={styles.progress} max={1} value={sent} aria-label="Upload progress" />}
        <div role="status">{status && <p className={formStyles.hint}>{status}</p>}</div>
      </div>
    </div>
  );
}
