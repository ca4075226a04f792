/**
 * actionlint's errors as our findings: `actionlint/<kind>` at actionlint's position, minus what
 * our own rules already report (ours wins: it carries a fix), minus unknown-label errors for the
 * repository's own runner labels (the WASM build cannot read a config file, so the `analyze:`
 * settings' labels are applied here, which is what actionlint's `self-hosted-runner` does).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { kindInfo } from "./rules.ts";
import type { RawError } from "./wasm.ts";

/** What else is known about the file. */
export interface ConvertOptions {
  /** Our findings on the same file, to drop actionlint's duplicates of them. */
  ours: readonly Finding[];
  /** Labels of the repository's own runners (`self-hosted-runner.labels`). */
  selfHostedLabels?: readonly string[];
}

// Our rules that report the same problem as an actionlint kind.
const SAME_PROBLEM: Readonly<Record<string, readonly string[]>> = {
  "job-needs": ["needs-invalid"],
  "runner-label": ["deprecated-runner"],
  "deprecated-commands": ["deprecated-command"],
  "if-cond": ["unsound-condition"],
  "syntax-check": ["workflow-structure", "yaml-syntax"],
  permissions: ["permissions"],
  action: ["outdated-action", "invalid-uses"],
  "workflow-call": ["invalid-uses"],
  credentials: ["hardcoded-container-credentials"],
};

// GitHub-hosted labels newer than actionlint 1.7.7's list (it flags them as unknown).
const NEWER_LABELS = new Set([
  "ubuntu-slim",
  "windows-11-arm",
  "macos-15-intel",
  "macos-26",
  "macos-26-large",
  "macos-26-xlarge",
]);

// GitHub adds workflow keys (e.g. parallel steps) faster than actionlint releases: an unknown
// key, and what actionlint concludes from it on that line, is advice rather than a sure error.
const UNEXPECTED_KEY = /^unexpected key /;

// `uses: $/…` (an action or reusable workflow of this repository) is newer than every
// actionlint release, which calls it malformed (rhysd/actionlint#711, #732).
const SELF_REPOSITORY = /"\$\//;

const UNKNOWN_LABEL = /^label "([^"]+)" is unknown/;
// actionlint appends every label it knows (40 of them) to an unknown-label message.
const LABEL_LIST = /\. available labels are .*$/;

/**
 * Our rules that report the same problem as this actionlint error: when one of them fires on
 * the same line, ours is kept and actionlint's dropped.
 *
 * @example
 * ```ts
 * sameProblemRules({ kind: "job-needs", message: 'job "a" needs job "b" …' }); // ["needs-invalid"]
 * ```
 */
export function sameProblemRules(e: { kind: string; message: string }): readonly string[] {
  // An untrusted input in a script, which actionlint reports as an expression error.
  if (e.kind === "expression" && /potentially untrusted/.test(e.message)) {
    return ["script-injection"];
  }
  return SAME_PROBLEM[e.kind] ?? [];
}

function isDuplicate(e: RawError, ours: readonly Finding[]): boolean {
  if (e.kind === "syntax-check" && /^could not parse as YAML/.test(e.message)) {
    return ours.some((f) => f.ruleId === "yaml-syntax");
  }
  const same = sameProblemRules(e);
  const needsJob = e.kind === "job-needs" ? /^job "([^"]+)"/.exec(e.message)?.[1] : undefined;
  return ours.some((f) =>
    same.includes(f.ruleId) &&
    (f.line === e.line || (needsJob !== undefined && f.job === needsJob))
  );
}

/**
 * Converts one file's actionlint errors into findings, dropping what our rules already report
 * and unknown labels that are the repository's own.
 *
 * @example
 * ```ts
 * const findings = toFindings(actionlint(source, path), path, { ours: lintWorkflow({ path, content: source }) });
 * findings[0]?.ruleId; // "actionlint/expression"
 * ```
 */
export function toFindings(
  errors: readonly RawError[],
  path: string,
  options: ConvertOptions,
): Finding[] {
  const own = new Set((options.selfHostedLabels ?? []).map((l) => l.trim()));
  const out: Finding[] = [];
  const seen = new Set<string>();
  const unknownKeyLines = new Set(
    errors.filter((e) => e.kind === "syntax-check" && UNEXPECTED_KEY.test(e.message))
      .map((e) => e.line),
  );
  for (const e of errors) {
    const label = e.kind === "runner-label" ? UNKNOWN_LABEL.exec(e.message)?.[1] : undefined;
    if (label !== undefined && (own.has(label) || NEWER_LABELS.has(label))) continue;
    if (isDuplicate(e, options.ours)) continue;
    if ((e.kind === "workflow-call" || e.kind === "action") && SELF_REPOSITORY.test(e.message)) {
      continue;
    }
    const info = kindInfo(e.kind);
    const message = label === undefined ? e.message : e.message.replace(LABEL_LIST, "");
    const key = `${info.id}|${e.line}|${e.column}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ruleId: info.id,
      severity: info.severity,
      file: path,
      ...(e.line > 0 ? { line: e.line } : {}),
      ...(e.column > 0 ? { column: e.column } : {}),
      message: `${message} (actionlint)`,
      fix: label === undefined
        ? "See actionlint's documentation of this check (docs/rules.md, actionlint section)."
        : "Use a GitHub-hosted label, or list your runner's labels under " +
          "`analyze: self-hosted-runner: labels` in .github/ci-orchestrator.yml.",
      level: e.kind === "syntax-check" && unknownKeyLines.has(e.line) ? "pedantic" : info.level,
    });
  }
  return out;
}
