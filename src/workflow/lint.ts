/**
 * Static analysis of one workflow file: parse, then run every rule. Never throws for bad
 * input: syntax errors and oversized files become findings.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { type Finding, SEVERITIES } from "../report/model.ts";
import { MAX_WORKFLOW_BYTES, parseWorkflowFile } from "./parse.ts";
import type { WorkflowFile } from "./model.ts";
import { CHECKS, REPO_RULES } from "./rules/index.ts";

export { RULES } from "./rules/index.ts";

/** A file to lint. */
export interface SourceFile {
  path: string;
  content: string;
}

/** Lint result with the parsed model, for callers that also want job counts. */
export interface LintResult {
  file: WorkflowFile | null;
  findings: Finding[];
}

/**
 * Orders findings by severity, then file, line and column.
 *
 * @example
 * ```ts
 * findings.sort(compareFindings);
 * ```
 */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}

/**
 * Parses and lints one file, keeping the model.
 *
 * @example
 * ```ts
 * const { file, findings } = lintFile({ path: "ci.yml", content: "on: push\njobs: {}\n" });
 * ```
 */
export function lintFile(source: SourceFile): LintResult {
  let parsed;
  try {
    parsed = parseWorkflowFile(source.path, source.content);
  } catch (error) {
    if (!(error instanceof CiError) || error.code !== "too_large") throw error;
    return {
      file: null,
      findings: [{
        ruleId: "file-too-large",
        severity: "error",
        file: source.path,
        line: 1,
        message: error.message,
        fix: `Keep workflow files under ${MAX_WORKFLOW_BYTES} bytes; move logic into scripts ` +
          "or reusable workflows.",
      }],
    };
  }
  const { file, problems } = parsed;
  const findings = [...problems, ...(file ? CHECKS.flatMap((rule) => rule.check(file)) : [])];
  return { file, findings: findings.sort(compareFindings) };
}

/**
 * Lints one workflow or action file: findings sorted by severity, then line.
 *
 * @example
 * ```ts
 * lintWorkflow({ path: ".github/workflows/ci.yml", content: "on: push\njobs: {}\n" });
 * ```
 */
export function lintWorkflow(source: SourceFile): Finding[] {
  return lintFile(source).findings;
}

/**
 * The repository-wide rules (`REPO_RULES`, e.g. `duplicated-job`) over files already parsed by
 * {@linkcode lintFile}; files that did not parse are skipped.
 *
 * @example
 * ```ts
 * const results = sources.map(lintFile);
 * const repoFindings = lintRepo(results.map((r) => r.file));
 * ```
 */
export function lintRepo(files: readonly (WorkflowFile | null)[]): Finding[] {
  const parsed = files.filter((f): f is WorkflowFile => f !== null);
  return REPO_RULES.flatMap((rule) => rule.checkRepo(parsed)).sort(compareFindings);
}

/**
 * Lints several files of one repository: every per-file rule, then the repository-wide ones.
 *
 * @example
 * ```ts
 * lintFiles([{ path: "a.yml", content: a }, { path: "b.yml", content: b }]);
 * ```
 */
export function lintFiles(sources: readonly SourceFile[]): Finding[] {
  const results = sources.map(lintFile);
  return [...results.flatMap((r) => r.findings), ...lintRepo(results.map((r) => r.file))]
    .sort(compareFindings);
}
