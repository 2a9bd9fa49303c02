import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { lastLines } from "./output-tail";

/**
 * The FerretDB binary: the version pinned in tools/ferretdb/go.mod, built by
 * tools/ferretdb/build.sh once into ${XDG_CACHE_HOME:-~/.cache}/keyforge.
 */

/** Lines of a failed build's output shown in the error. */
const outputTailLines = 30;

/** The FerretDB version tools/ferretdb/go.mod pins, e.g. "v1.24.2". */
export function pinnedFerretDBVersion(root: string): string {
  const goMod = readFileSync(path.join(root, "tools", "ferretdb", "go.mod"), "utf8");
  const version = /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(goMod)?.[1];
  if (!version) throw new Error("tools/ferretdb/go.mod does not pin github.com/FerretDB/FerretDB");
  return version;
}

/** The binary build.sh left in its cache folder (same rule as the script), if it is there. */
export function cachedFerretDBBinary(version: string): string | undefined {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const binary = path.join(cacheHome, "keyforge", `ferretdb-${version}`);
  return isExecutableFile(binary) ? binary : undefined;
}

/** Whether `command` is an executable file in one of PATH's folders. */
export function isOnPath(command: string): boolean {
  const folders = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  return folders.some((folder) => isExecutableFile(path.join(folder, command)));
}

/**
 * Runs tools/ferretdb/build.sh and resolves with the binary's path. Go's output
 * is kept out of the terminal; a failed build throws with its last lines.
 */
export async function buildFerretDB(root: string): Promise<string> {
  // The jest sandbox hands tests their own process.env; pass it on explicitly.
  const child = spawn("bash", [path.join(root, "tools", "ferretdb", "build.sh")], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Ends the script if this process exits first; a go command it started then finishes or fails by itself.
  const killAtExit = () => child.kill("SIGKILL");
  process.on("exit", killAtExit);
  let stdout = "";
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // Bounded: only the end is ever shown.
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-100_000)));
  try {
    // "close", not "exit": stdout is complete only once its stream has closed.
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve({ code, signal }));
    });
    const binary = stdout.trim();
    if (code !== 0 || !binary) {
      const ended = signal ? `signal ${signal}` : `exit code ${code}`;
      throw new Error(`Building FerretDB failed (${ended}):\n${lastLines(output, outputTailLines) || "(no output)"}`);
    }
    return binary;
  } finally {
    process.off("exit", killAtExit);
  }
}

function isExecutableFile(file: string): boolean {
  try {
    const stats = statSync(file);
    return stats.isFile() && (stats.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
