import { useEffect, useState } from "react";
import styles from "./TwoStepSection.module.css";
import { qrCodeSvg } from "@/lib/client";

/**
 * `text` (an otpauth:// URL) as a QR code drawn in the browser as inline SVG.
 * Its box keeps its size while the code is drawn; `label` says what it is to
 * a screen reader, which reads the secret under it instead.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void qrCodeSvg(text).then((markup) => {
      if (current) setSvg(markup);
    });
    return () => {
      current = false;
    };
  }, [text]);
  // The markup is the qrcode library's own SVG of a URL our server made: nothing a person typed.
  return <div className={styles.qr} role="img" aria-label={label} dangerouslySetInnerHTML={svg ? { __html: svg } : undefined} />;
}
