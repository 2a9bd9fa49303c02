import { spawn } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Runs the `next` CLI as a child that shares this terminal, forwarding Ctrl-C
 * and termination to it. Resolves with its exit code once it has stopped.
 */
export function runNext(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const nextBin = createRequire(__filename).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}
