import styles from "./LinkedText.module.css";

/** An http(s) URL up to the next whitespace; the capture group keeps the URLs in what `split` returns. */
const URL_PATTERN = /(https?:\/\/\S+)/;

/**
 * Plain text (a mail's body) as written, each http(s) URL a real link. The
 * text stays text: React escapes it, so nothing in it can become markup, and
 * only what starts with http:// or https:// becomes an href.
 */
export function LinkedText({ text }: { text: string }) {
  // split with a capture group alternates text and URLs: the URLs are at the odd indexes.
  const parts = text.split(URL_PATTERN);
  return (
    <pre className={styles.text}>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}
