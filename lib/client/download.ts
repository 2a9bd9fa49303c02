import "client-only";

/**
 * Saves `text` as a file named `filename`, made in the browser (a Blob URL,
 * revoked once the download started): nothing is sent to the server again.
 */
export function downloadText(filename: string, text: string): void {
  downloadBlob(filename, new Blob([text], { type: "text/plain;charset=utf-8" }));
}

/** Saves `blob` as a file named `filename`, as `downloadText` does. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
