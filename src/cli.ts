/**
 * The command language from a terminal: `deno task cli parse|run …`.
 *
 * @module
 */
import { CiError, toCiError } from "./errors.ts";
import { parseCommand, parseWithModel } from "./intent/parse.ts";
import { llmConfig } from "./config_llm.ts";
import type { ParseResult } from "./intent/schema.ts";
import { jsonLogger } from "./log.ts";
import { checkoutRoot, localProvider } from "./providers/local.ts";
import type { CIProvider } from "./providers/port.ts";
import { EXIT_USAGE, runAnalyzeCli, takeAnalyzeFlags } from "./cli_analyze.ts";
import type { Logger } from "./log.ts";
import type { LocatesFiles } from "./ops/migrate/mod.ts";
import { outUsage } from "./cli_out.ts";
import { applyOnly, takeOnly } from "./cli_only.ts";

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
  // The model client loads only when a model is configured.
  const { createOpenAICompatibleModel } = await import("./intent/model/openai_compatible.ts");
  const model = createOpenAICompatibleModel({ ...llm.config, fetch: io.fetch ?? fetch });
  return await parseWithModel(text, model);
}

const USAGE = `Usage:
  cli parse "<text>"            print the intent as JSON (exit 2 when not understood)
  cli parse -                   one command per stdin line, one JSON line each
  cli run "<text>" [--json] [--dir PATH] [--yes]
                                run the operation and print the report as markdown
                                (--json: the report as JSON; --dir: local workflow files, no token)
  cli run "migrate …" [--dir PATH] --out DIR [--force]
                                also write the converted files under DIR (new or empty; --force
                                writes into a folder with files) and list them; nothing is
                                written when a file fails validation
  cli run "optimize …" [--dir PATH] --only ID,ID
                                preview the combined change of only these suggestions (the
                                ids the optimize list shows); with a token, the preview's
                                Confirm opens one pull request
  cli run "analyze" [--dir PATH] [--fail-on error|warning|notice|none]
      [--format markdown|json|sarif|github] [--rules-url URL]
                                a CI gate: exit 1 when findings at or above --fail-on (default
                                error) remain, 2 when it cannot run as asked (docs/ci-gate.md)
                                plain language that would change something is only shown
                                ("Understood as …", exit 3): --yes runs it
  With LLM_API_URL, LLM_API_KEY and LLM_MODEL set, text the rules cannot read is asked of that
  model (docs/model.md); what it reads is shown like plain language.`;

export { EXIT_NEEDS_YES } from "./cli_codes.ts";

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
    // Octokit loads only when GitHub is read: `--dir` reads local files.
    const { githubProvider } = await import("./providers/github/provider.ts");
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
  // Files are read relative to the checkout root, so messages name the file really looked for.
  const root = await checkoutRoot(dir);
  const located: CIProvider & LocatesFiles = {
    ...localProvider(dir),
    locate: (_repo, path) => `${root}/${path}`,
  };
  return located;
}

/** `cli run` flags besides analyze's: booleans, then flags with a value. */
interface RunFlags {
  json: boolean;
  yes: boolean;
  force: boolean;
  dir?: string;
  out?: string;
}

function takeRunFlags(args: string[]): { flags: RunFlags; rest: string[] } {
  const bool = (name: string) => args.includes(`--${name}`);
  let rest = args.filter((a) => !["--json", "--yes", "--force"].includes(a));
  const valued: Partial<Record<"dir" | "out", string>> = {};
  for (const name of ["dir", "out"] as const) {
    const taken = takeFlag(rest, name);
    if (taken.value !== undefined) valued[name] = taken.value;
    rest = taken.rest;
  }
  return { flags: { json: bool("json"), yes: bool("yes"), force: bool("force"), ...valued }, rest };
}

async function runCmd(allArgs: string[], io: CliIO): Promise<number> {
  const gate = takeAnalyzeFlags(allArgs);
  if (gate.usage !== undefined) {
    io.err(gate.usage);
    return EXIT_USAGE;
  }
  const { flags, rest: flagged } = takeRunFlags(gate.rest);
  const { json, dir } = flags;
  const { only, rest } = takeOnly(flagged);
  const parsed = applyOnly(await read(joinText(rest), io), only);
  if (parsed.kind === "unsupported") {
    io.out(errorJson(parsed));
    return 2;
  }
  const usage = outUsage(parsed.intent, flags);
  if (usage) {
    io.err(`error: ${usage}`);
    return EXIT_USAGE;
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
  // Operations other than analyze need the core (job runner, store, executor): loaded here only.
  const { runOperation } = await import("./cli_operate.ts");
  return await runOperation(parsed, { ...flags, provider, log, io });
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
