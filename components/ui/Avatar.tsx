import { useEffect, useEffectEvent, useRef, useState } from "react";
import styles from "./Avatar.module.css";

interface AvatarProps {
  name?: string | null;
  email?: string | null;
  image?: string | null;
  /** "sm" (2rem) beside a name, as in the header; "lg" (4rem) where the picture itself is the subject. */
  size?: "sm" | "lg";
  /** Told whether `image` loaded or failed, for a caller that says so (the profile's preview). */
  onImageResult?: (result: "loaded" | "failed") => void;
}

/**
 * The user's picture, or their initials when they have none or it does not
 * load (a 404, a blocked host, not an image): a broken image is never shown.
 */
export function Avatar({ name, email, image, size = "sm", onImageResult }: AvatarProps) {
  // The source that failed, not a flag: a new `image` gets its own try without an effect to reset it.
  const [failedImage, setFailedImage] = useState<string | null>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const className = size === "lg" ? `${styles.avatar} ${styles.lg}` : styles.avatar;

  function settle(src: string, result: "loaded" | "failed") {
    if (result === "failed") setFailedImage(src);
    onImageResult?.(result);
  }
  const settleFromEffect = useEffectEvent(settle);

  // A server-rendered image can finish (or fail) before React attaches onLoad and onError.
  useEffect(() => {
    const img = imageRef.current;
    if (!image || !img?.complete) return;
    if (img.naturalWidth > 0) {
      settleFromEffect(image, "loaded");
      return;
    }
    // No width is a failure, or an SVG without a size of its own: decoding tells them apart.
    let current = true;
    img.decode().then(
      () => current && settleFromEffect(image, "loaded"),
      () => current && settleFromEffect(image, "failed"),
    );
    return () => {
      current = false;
    };
  }, [image]);

  if (image && failedImage !== image) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- avatars come from arbitrary OAuth hosts
      <img
        ref={imageRef}
        src={image}
        alt=""
        className={className}
        referrerPolicy="no-referrer"
        onError={() => settle(image, "failed")}
        onLoad={() => settle(image, "loaded")}
      />
    );
  }
  return (
    <span className={className} aria-hidden="true">
      {initialsOf(name || email || "?")}
    </span>
  );
}

function initialsOf(label: string): string {
  const words = label.split(/[\s@._-]+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}
