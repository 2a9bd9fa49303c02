import styles from "./Avatar.module.css";

/** The user's picture, or their initials when they have none. */
export function Avatar({ name, email, image }: { name?: string | null; email?: string | null; image?: string | null }) {
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from arbitrary OAuth hosts
    return <img src={image} alt="" className={styles.avatar} referrerPolicy="no-referrer" />;
  }
  return (
    <span className={styles.avatar} aria-hidden="true">
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
