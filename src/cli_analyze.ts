/**
 * `cli run analyze` as a CI gate: the exit code says whether findings at or above `--fail-on`
 * remain (0 no, 1 yes, 2 the command could not be run as asked: a bad flag, no workflows, an
 * unreadable directory or configuration), and `--format` picks the output: the markdown report,
 * its JSON, SARIF 2.1.0 for code scanning, or GitHub workflow-command annotations.
 *
 * @module
 */
import { CiError, toCiError } from "./errors.ts";
import type { Intent } from "./intent/schema.ts";
import type { Logger } from "./log.ts";
import { ACTION_FACTS_RULES, analyze } from "./ops/analyze/mod.ts";
import type { CIProvider } from "./providers/port.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { type Finding, ReportSchema, SEVERITIES } from "./report/model.ts";
import { RULES } from "./workflow/lint.ts";
import { SUPPRESSION_RULES } from "./workflow/suppress.ts";
import { ACTIONLINT_RULES } from "./workflow/actionlint/rules.ts";

/** `--fail-on` values: the least severe finding that fails the gate, or `none`. */
export const FAIL_ON = ["error", "warning", "notice", "none"] as const;
/** `--fail-on` value. */
export type FailOn = (typeof FAIL_ON)[number];
/** `--format` values. */
export const FORMATS = ["markdown", "json", "sarif", "github"] as const;
/** `--format` value. */
export type Format = (typeof FORMATS)[number];

/** The gate's flags. */
export interface AnalyzeFlags {
  failOn: FailOn;
  format: Format;
  /** Absolute URL of docs/rules.md for SARIF help links. */
  rulesUrl: string;
}

/** Exit code when the command could not be run as asked. */
export const EXIT_USAGE = 2;

// Where the rules are documented, next to this file; `--rules-url` points elsewhere (a web copy).
const LOCAL_RULES_DOC = new URL("../docs/rules.md", import.meta.url).href;

const pick = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CiError("bad_request", `--${name} '${value}' is not one of ${allowed.join(", ")}`, {
    hint: `Use e.g. --${name} ${allowed[0]}.`,
  });
};

/** The gate's flags taken out of the arguments, or why they are wrong. */
export type TakenFlags =
  | { flags: AnalyzeFlags; given: boolean; rest: string[]; usage?: undefined }
  | { usage: string };

/**
 * Takes the gate's flags out of `args`; `given` says whether any was there (they apply to
 * `analyze` only); `usage` is the message for an unknown value or a flag without one.
 *
 * @example
 * ```ts
 * const taken = takeAnalyzeFlags(["analyze", "--fail-on", "warning"]);
 * if (!taken.usage) taken.flags.failOn; // "warning"
 * ```
 */
export function takeAnalyzeFlags(args: readonly string[]): TakenFlags {
  try {
    return takeFlags(args);
  } catch (error) {
    const e = toCiError(error);
    return { usage: `error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ""}` };
  }
}

function takeFlags(args: readonly string[]) {
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = args[i].match(/^--(fail-on|format|rules-url)(?:=(.*))?$/);
    if (!m) {
      rest.push(args[i]);
      continue;
    }
    const value = m[2] ?? args[++i];
    if (value === undefined || value === "") {
      throw new CiError("bad_request", `--${m[1]} needs a value`, {
        hint: "e.g. --fail-on warning, --format sarif",
      });
    }
    values.set(m[1], value);
  }
  const rulesUrl = values.get("rules-url") ?? LOCAL_RULES_DOC;
  if (!URL.canParse(rulesUrl)) {
    throw new CiError("bad_request", `--rules-url '${rulesUrl}' is not an absolute URL`, {
      hint: "e.g. --rules-url https://github.com/OWNER/ci-orchestrator/blob/main/docs/rules.md",
    });
  }
  return {
    flags: {
      failOn: pick("fail-on", values.get("fail-on") ?? "error", FAIL_ON),
      format: pick("format", values.get("format") ?? "markdown", FORMATS),
      rulesUrl,
    },
    given: values.size > 0,
    rest,
  };
}

/**
 * 1 when a finding at or above `failOn` remains, else 0.
 *
 * @example
 * ```ts
 * gateExitCode([{ ruleId: "x", severity: "warning", file: "a.yml", message: "m" }], "error"); // 0
 * ```
 */
export function gateExitCode(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === "none") return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit) ? 1 : 0;
}

// GitHub's workflow-command escaping (as @actions/core does): data escapes % CR LF, property
// values also : and ,.
const escapeData = (s: string) =>
  s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
const plain = (s: string) => s.replace(/\\([\\`*_[\]()#+\-.!|<>~])/g, "$1");

/**
 * One `::error|warning|notice file=…,line=…,col=…,title=…::message` line per finding, which
 * GitHub Actions shows as annotations on the pull request's files.
 *
 * @example
 * ```ts
 * githubAnnotations([{ ruleId: "missing-timeout", severity: "warning", file: "ci.yml", line: 3, message: "No timeout" }]);
 * // ["::warning file=ci.yml,line=3,title=missing-timeout::No timeout"]
 * ```
 */
export function githubAnnotations(findings: readonly Finding[]): string[] {
  return findings.map((f) => {
    const props = [
      `file=${escapeProperty(f.file)}`,
      ...(f.line ? [`line=${f.line}`] : []),
      ...(f.column ? [`col=${f.column}`] : []),
      `title=${escapeProperty(f.ruleId)}`,
    ];
    const text = plain(f.message) + (f.fix ? `\n${plain(f.fix)}` : "");
    return `::${f.severity} ${props.join(",")}::${escapeData(text)}`;
  });
}

// `--dir ~/src/app/.github` is the repository `app`, not `.github`.
const repoNameOf = (dir: string | undefined) =>
  dir === undefined
    ? undefined
    : dir.replace(/\/+$/, "").replace(/(^|\/)\.github(\/workflows)?$/, "").split("/").pop() ||
      dir;

/** What {@linkcode runAnalyzeCli} needs from the CLI. */
export interface AnalyzeCliDeps {
  /** The provider: made here so that an unreadable `--dir` is a usage error too. */
  provider: () => Promise<CIProvider>;
  /** `--dir`, whose folder name stands for the repository in messages. */
  dir?: string;
  log: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
  /** `--json`, the older spelling of `--format json`. */
  json: boolean;
}

/**
 * Runs `analyze` and prints it in the chosen format; returns the gate's exit code.
 *
 * @example
 * ```ts
 * const code = await runAnalyzeCli({ op: "analyze" }, flags, { provider: () => Promise.resolve(localProvider(dir)), log, out, err, json: false });
 * ```
 */
export async function runAnalyzeCli(
  intent: Intent,
  flags: AnalyzeFlags,
  deps: AnalyzeCliDeps,
): Promise<number> {
  let report;
  try {
    const provider = await deps.provider();
    report = ReportSchema.parse(
      await analyze(intent, {
        provider,
        defaultRepo: repoNameOf(deps.dir),
        log: deps.log,
        now: () => new Date(),
      }),
    );
  } catch (error) {
    const e = toCiError(error);
    deps.err(`error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ""}`);
    return EXIT_USAGE;
  }
  const format = deps.json && flags.format === "markdown" ? "json" : flags.format;
  if (format === "sarif") {
    const { toSarif } = await import("./report/sarif.ts");
    const log = await toSarif(report.findings, {
      rules: [...RULES, ...SUPPRESSION_RULES, ...ACTIONLINT_RULES, ...ACTION_FACTS_RULES],
      rulesDocUrl: flags.rulesUrl,
    });
    deps.out(JSON.stringify(log, null, 2));
  } else if (format === "github") {
    for (const line of githubAnnotations(report.findings)) deps.out(line);
  } else {
    deps.out(format === "json" ? JSON.stringify(report, null, 2) : renderMarkdown(report));
  }
  const code = gateExitCode(report.findings, flags.failOn);
  if (format !== "markdown" || code !== 0) {
    deps.err(
      `${report.summary.replace(/`/g, "")}\n` +
        (flags.failOn === "none"
          ? "--fail-on none: exit 0 whatever was found."
          : code === 1
          ? `Failing: findings at or above '${flags.failOn}' remain (exit 1).`
          : `Passing: no finding at or above '${flags.failOn}'.`),
    );
  }
  return code;
}
