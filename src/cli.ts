/**
 * The command language from a terminal: `deno task cli parse|run …`.
 *
 * @module
 */
import { CiError, toCiError } from "./errors.ts";
import { parseCommand, parseWithModel } from "./intent/parse.ts";
import { createOpenAICompatibleModel } from "./intent/model/openai_compatible.ts";
import { llmConfig } from "./config_llm.ts";
import type { ParseResult } from "./intent/schema.ts";
import { jsonLogger } from "./log.ts";
import { githubProvider } from "./providers/github/provider.ts";
import { localProvider } from "./providers/local.ts";
import type { CIProvider } from "./providers/port.ts";
import { understoodOf } from "./surface.ts";
import { EXIT_USAGE, runAnalyzeCli, takeAnalyzeFlags } from "./cli_analyze.ts";
import { renderMarkdown } from "./report/markdown.ts";
import type { Report } from "./report/model.ts";
import { createCore } from "./core.ts";
import { confirmsFirst } from "./execute.ts";
import { randomId } from "./ids.ts";
import type { Logger } from "./log.ts";
import { openKvStore } from "./store/kv.ts";

/** Where the CLI writes; injected so tests can capture output. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => AsyncIterable<string>;
  env: Record<string, string | undefined>;
  /** Outbound HTTP of the model stage (default: the global fetch). */
  fetch?: typeof fetch;
}

/** Reads one command: with `LLM_*` set, unclear text also goes to the model stage. */
async function read(text: string, io: CliIO): Promise<ParseResult> {
  const llm = llmConfig(io.env);
  if (llm.problems.length > 0) {
    throw new CiError("config", llm.problems.join("; "), { hint: "Set all three or none." });
  }
  if (!llm.config) return parseCommand(text);
  const model = createOpenAICompatibleModel({ ...llm.config, fetch: io.fetch ?? fetch });
  return await parseWithModel(text, model);
}

const USAGE = `Usage:
  cli parse "<text>"            print the intent as JSON (exit 2 when not understood)
  cli parse -                   one command per stdin line, one JSON line each
  cli run "<text>" [--json] [--dir PATH] [--yes]
                                run the operation and print the report as markdown
                                (--json: the report as JSON; --dir: local workflow files, no token)
  cli run "analyze" [--dir PATH] [--fail-on error|warning|notice|none]
      [--format markdown|json|sarif|github] [--rules-url URL]
                                a CI gate: exit 1 when findings at or above --fail-on (default
                                error) remain, 2 when it cannot run as asked (docs/ci-gate.md)
                                plain language that would change something is only shown
                                ("Understood as …", exit 3): --yes runs it
  With LLM_API_URL, LLM_API_KEY and LLM_MODEL set, text the rules cannot read is asked of that
  model (docs/model.md); what it reads is shown like plain language.`;

/** Exit code of a plain-language request that was shown, not run (it needs `--yes`). */
export const EXIT_NEEDS_YES = 3;

// One argument is the whole command text. Several are what the shell split: re-quote those
// with spaces so each stays one value for the parser.
const joinText = (args: string[]) =>
  args.length === 1
    ? args[0]
    : args.map((a) => (/\s/.test(a) && !/^["'].*["']$/.test(a) ? JSON.stringify(a) : a)).join(" ");

function errorJson(result: Extract<ParseResult, { kind: "unsupported" }>): string {
  return JSON.stringify({
    error: result.error,
    hint: result.hint,
    suggestions: result.suggestions,
    examples: result.examples,
  });
}

async function parseCmd(args: string[], io: CliIO): Promise<number> {
  if (args.length === 1 && args[0] === "-") {
    let failed = false;
    for await (const line of io.readStdin()) {
      if (!line.trim()) continue;
      const result = parseCommand(line);
      if (result.kind === "intent") io.out(JSON.stringify(result.intent));
      else {
        failed = true;
        io.out(errorJson(result));
      }
    }
    return failed ? 2 : 0;
  }
  const result = await read(joinText(args), io);
  if (result.kind === "unsupported") {
    io.out(errorJson(result));
    return 2;
  }
  io.out(JSON.stringify(result.intent));
  return 0;
}

function takeFlag(args: string[], name: string): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) value = args[++i];
    else if (args[i].startsWith(`--${name}=`)) value = args[i].slice(name.length + 3);
    else rest.push(args[i]);
  }
  return { value, rest };
}

async function providerFor(dir: string | undefined, io: CliIO, log: Logger): Promise<CIProvider> {
  if (dir === undefined) {
    return githubProvider({
      token: io.env.GITHUB_TOKEN || undefined,
      baseUrl: io.env.GITHUB_API_URL || undefined,
      log,
    });
  }
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error("not a directory");
  } catch (cause) {
    throw new CiError("not_found", `Cannot read --dir '${dir}': not a readable directory`, {
      hint: "Pass a repository checkout or a folder of workflow files.",
      cause,
    });
  }
  return localProvider(dir);
}

async function runCmd(allArgs: string[], io: CliIO): Promise<number> {
  const gate = takeAnalyzeFlags(allArgs);
  if (gate.usage !== undefined) {
    io.err(gate.usage);
    return EXIT_USAGE;
  }
  const args = gate.rest;
  const json = args.includes("--json");
  const yes = args.includes("--yes");
  const { value: dir, rest } = takeFlag(
    args.filter((a) => a !== "--json" && a !== "--yes"),
    "dir",
  );
  const parsed = await read(joinText(rest), io);
  if (parsed.kind === "unsupported") {
    io.out(errorJson(parsed));
    return 2;
  }
  const log = jsonLogger({ level: "warn", write: io.err });
  if (parsed.intent.op === "analyze") {
    const deps = { provider: () => providerFor(dir, io, log), dir, log, json, ...io };
    return await runAnalyzeCli(parsed.intent, gate.flags, deps);
  }
  if (gate.given) {
    io.err("error: --fail-on, --format and --rules-url apply to analyze only");
    return EXIT_USAGE;
  }
  const provider = await providerFor(dir, io, log);
  // The CLI is the local operator with the user's own token: jobs live only as long as it runs.
  const store = await openKvStore(":memory:");
  let finished!: (report: Report) => void;
  const final = new Promise<Report>((resolve) => (finished = resolve));
  const { runner, execute } = createCore({
    store,
    log,
    now: () => new Date(),
    newId: randomId,
    provider,
    policy: null,
    defaultRepo: dir !== undefined ? dir.replace(/\/+$/, "").split("/").pop() || dir : undefined,
    deliver: (_reply, report, phase) => {
      if (phase === "final") finished(report);
      else io.err(`… ${report.summary}`);
      return Promise.resolve();
    },
  });
  try {
    await runner.start();
    const meta = { surface: "cli" as const, requestId: randomId() };
    // `--yes` is the CLI's Run button: without it, plain language that would change something
    // is only shown back.
    const understood = yes ? undefined : understoodOf(parsed);
    let report = await execute(
      parsed.intent,
      meta,
      { surface: "cli", data: {} },
      understood ? { understood } : {},
    );
    if (confirmsFirst(parsed.intent, understood)) {
      io.out(json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
      io.err("Nothing was run: add --yes to run it, or type the command exactly as shown.");
      return EXIT_NEEDS_YES;
    }
    if (report.status === "running") {
      io.err(`… ${report.summary}`);
      report = await final;
    }
    io.out(json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
    return report.status === "error" ? 1 : 0;
  } finally {
    await store.close();
  }
}

/**
 * Runs the CLI with `args` (without the program name); returns the exit code.
 *
 * @example
 * ```ts
 * // await runCli(["parse", "analyze repo:acme/app"], io); // prints {"op":"analyze","repo":"acme/app"}
 * ```
 */
export async function runCli(args: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "parse" && rest.length) return await parseCmd(rest, io);
    if (command === "run" && rest.length) return await runCmd(rest, io);
    io.err(USAGE);
    return command === "help" || command === "--help" ? 0 : 2;
  } catch (error) {
    const err = toCiError(error);
    io.err(`error: ${err.message}${err.hint ? `\nhint: ${err.hint}` : ""}`);
    return 1;
  }
}

async function* stdinLines(): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of Deno.stdin.readable) {
    buffer += decoder.decode(chunk, { stream: true });
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    yield* lines;
  }
  if (buffer) yield buffer;
}

if (import.meta.main) {
  Deno.exit(
    await runCli(Deno.args, {
      out: (l) => console.log(l),
      err: (l) => console.error(l),
      readStdin: stdinLines,
      env: Deno.env.toObject(),
    }),
  );
}
