/**
 * `npx tsx bench/page-js.ts <base URL> [path …]`: the gzipped JavaScript each
 * page loads (default: / and /auth/signin), signed out, one line per page and
 * per chunk, from a running `next start` (see bench/lib/page-js.ts).
 */
import { pageScripts, totalGzipBytes } from "./lib/page-js";

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(baseUrl: string | undefined, paths: string[]) {
  if (!baseUrl) throw new Error("usage: npx tsx bench/page-js.ts <base URL> [path …]   (default paths: / and /auth/signin)");
  for (const path of paths.length > 0 ? paths : ["/", "/auth/signin"]) {
    const scripts = await pageScripts(baseUrl, path);
    console.log(`${path}: ${kilobytes(totalGzipBytes(scripts))} gzipped in ${scripts.length} chunks`);
    for (const script of scripts) console.log(`  ${kilobytes(script.gzipBytes).padStart(9)}  ${script.src}`);
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
