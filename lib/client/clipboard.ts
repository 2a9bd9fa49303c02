import "client-only";

/** Copies `text`; resolves whether the browser allowed it (it may refuse outside a user action or without permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
