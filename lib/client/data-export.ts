import "client-only";
import { exportFileName } from "@/lib/account-export/shared";
import { ApiError, apiErrorFrom } from "./api-client";
import { downloadBlob } from "./download";

/** `GET /api/user/export`: the account's data as a file. */
const EXPORT_URL = "/api/user/export";

/** The file name the server gave (`attachment; filename="…"`), else today's. */
function fileNameOf(response: Response): string {
  const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return named?.[1] ?? exportFileName(new Date());
}

/**
 * Downloads the account's data and saves it as a file, calling `onProgress`
 * with the bytes received so far. An error answer (a stale sign-in, the
 * hourly limit) is thrown as ApiError; a download cut short (the server's
 * failure, the network) throws, and saves nothing, rather than save half a file.
 */
export async function downloadDataExport(onProgress: (bytes: number) => void): Promise<void> {
  const response = await fetch(EXPORT_URL, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await apiErrorFrom(response);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      // A copy typed on a plain ArrayBuffer, which is what Blob takes.
      parts.push(new Uint8Array(chunk.value));
      received += chunk.value.byteLength;
      onProgress(received);
    }
  } catch {
    throw new ApiError(0, "DOWNLOAD_INTERRUPTED", "The download stopped before the end, so nothing was saved. Please try again.");
  }
  downloadBlob(fileNameOf(response), new Blob(parts, { type: "application/json" }));
}
