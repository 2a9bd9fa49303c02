import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { testApiHandler } from "next-test-api-route-handler";
import { BROKEN_EXPORT_MARKER } from "@/lib/account-export";
import { log } from "@/lib/core/log";
import * as exportRoute from "@/pages/api/user/export";
import { signedInUser, type CookieJar } from "../../../helpers/auth";
import { insertHistory } from "../../../helpers/data-export";
import { rawCollection } from "../../../helpers/users";

/**
 * The export is written as it is read: a long history goes out one entry at a
 * time at the pace the client reads, never whole in memory; a failure half
 * way leaves a file that is visibly broken; a client that leaves stops it.
 */

// A full collection before each heap sample, so the samples count what is alive, not garbage not yet collected.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

jest.setTimeout(300_000);

/** The pause after each megabyte read. */
const SLOW_READER_PAUSE_MS = 500;

interface Download {
  status: number;
  /** Bytes received in all. */
  bytes: number;
  /** The first and last bytes of the body, as text (the rest is counted, never kept). */
  start: string;
  end: string;
  /** How many history lines went by. */
  entries: number;
  /** How far the live heap grew above what it was before the request, at its highest. */
  peakHeapGrowth: number;
  /** Why reading stopped early, if it did. */
  failure: unknown;
}

/** Downloads the export in `jar`'s browser reading chunk by chunk, keeping none of them; `stopAfter` bytes aborts it like a cancelled download. */
async function consumeExport(jar: CookieJar, stopAfter = Infinity): Promise<Download> {
  let download: Download | undefined;
  await testApiHandler({
    pagesHandler: exportRoute,
    rejectOnHandlerError: false,
    async test({ fetch }) {
      const controller = new AbortController();
      collectGarbage();
      const baseline = process.memoryUsage().heapUsed;
      const response = await fetch({ method: "GET", headers: { cookie: jar.header() }, signal: controller.signal });
      const result: Download = { status: response.status, bytes: 0, start: "", end: "", entries: 0, peakHeapGrowth: 0, failure: null };
      const decoder = new TextDecoder();
      const reader = response.body!.getReader();
      let sinceSample = 0;
      let seam = "";
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const text = decoder.decode(value, { stream: true });
          result.bytes += value.byteLength;
          if (result.start.length < 4_096) result.start += text.slice(0, 4_096 - result.start.length);
          result.end = (result.end + text).slice(-4_096);
          // An entry's opening may be split between two chunks: look at the seam too.
          result.entries += (seam + text).split(ENTRY_START).length - 1;
          seam = text.slice(-(ENTRY_START.length - 1));
          sinceSample += value.byteLength;
          if (sinceSample >= 1_000_000) {
            sinceSample = 0;
            collectGarbage();
            result.peakHeapGrowth = Math.max(result.peakHeapGrowth, process.memoryUsage().heapUsed - baseline);
            // A reader slower than the database (a slow network): a server that did not wait for it would pile the file up in memory.
            await new Promise((resolve) => setTimeout(resolve, SLOW_READER_PAUSE_MS));
          }
          if (result.bytes >= stopAfter) {
            controller.abort();
            break;
          }
        }
      } catch (error) {
        result.failure = error;
      }
      download = result;
    },
  });
  if (!download) throw new Error("the export was not downloaded");
  return download;
}

/** How each history line starts. */
const ENTRY_START = '\n    {"id":';

const ANSWER = "x = 1\n".repeat(250);

describe("streaming the export", () => {
  it("sends a 10,000-answer history with memory that does not grow with it", async () => {
    const { user, jar } = await signedInUser();
    await insertHistory(user._id, 10_000, (i) => ({ prompt: `prompt ${i}: ${"a loop over a list ".repeat(10)}`, answer: `${ANSWER}# ${i}` }));

    const download = await consumeExport(jar);

    expect(download.failure).toBeNull();
    expect(download.status).toBe(200);
    expect(download.entries).toBe(10_000);
    expect(download.start).toMatch(/^\{\n {2}"format": "keyforge-export\/1",/);
    expect(download.end).toMatch(/"prompt":"prompt 9999: [^"]*","answer":"(x = 1\\n)+# 9999"\}\}\n {2}\]\n\}\n$/);
    expect(download.bytes).toBeGreaterThan(15_000_000);
    // Holding the history (or letting the socket buffer it) would need at least the file's size; streamed, a small part of it.
    expect(download.peakHeapGrowth).toBeLessThan(download.bytes / 4);
  });

  it("stops reading the history when the client goes away", async () => {
    const { user, jar } = await signedInUser();
    await insertHistory(user._id, 2_000, (i) => ({ prompt: `prompt ${i}`, answer: `${ANSWER}# ${i}` }));
    const infos = jest.spyOn(log, "info");

    const download = await consumeExport(jar, 200_000);

    expect(download.bytes).toBeLessThan(3_000_000);
    for (let tries = 0; !infos.mock.calls.some(([event]) => event === "export.client_gone"); tries += 1) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it("leaves a visibly broken file, and a failed download, when it fails half way", async () => {
    const { user, jar } = await signedInUser();
    await insertHistory(user._id, 5, (i) => ({ prompt: `prompt ${i}`, answer: `answer ${i}` }));
    // A record that cannot be read (its date is text): the export fails on it, after the first part was sent.
    await (await rawCollection("generations")).insertOne({ userId: user._id, model: "m", outcome: "completed", createdAt: "not a date", durationMs: 1 });
    const errors = jest.spyOn(log, "error").mockImplementation(() => undefined);

    const download = await consumeExport(jar);

    expect(download.status).toBe(200);
    expect(download.end).toContain(BROKEN_EXPORT_MARKER.trim());
    expect(download.failure).not.toBeNull();
    expect(errors).toHaveBeenCalledWith("export.failed", expect.any(TypeError), { userId: user.id });
  });
});
