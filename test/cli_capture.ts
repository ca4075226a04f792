/**
 * Runs the CLI in process and captures what it prints: the one harness every CLI test uses.
 *
 * @example
 * ```ts
 * const { code, out } = await runCliCaptured(["parse", "analyze repo:acme/app"]);
 * ```
 */
import { type CliIO, runCli } from "../src/cli.ts";

/** What one CLI run printed (lines joined by "\n") and its exit code. */
export interface Captured {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `cli …args` with `env` as its whole environment and no standard input.
 *
 * @example
 * ```ts
 * const { code, err } = await runCliCaptured(["run", "analyze", "--dir", "."], { GITHUB_TOKEN: "x" });
 * ```
 */
export async function runCliCaptured(
  args: string[],
  env: Record<string, string> = {},
): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readStdin: async function* () {},
    env,
  };
  const code = await runCli(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
