/**
 * What a static rule is, and the helpers every rule uses to build its findings.
 *
 * @module
 */
import type { Finding, Severity } from "../../report/model.ts";
import type { Located, Pos, WorkflowFile } from "../model.ts";

/**
 * Who a finding is for, like zizmor's personas: `default` findings are shown to everyone,
 * `pedantic` ones (advice such as timeouts or path filters on every workflow) only on request.
 */
export type Level = "default" | "pedantic";

/** How sure the rule is that a finding is right when it fires (measured on real workflows). */
export type Confidence = "high" | "medium" | "low";

/** A rule's public description (listed by `RULES`, shown in help and reports). */
export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  /** Why it matters, one line. */
  rationale: string;
  /** The level of its findings, unless a finding carries its own `level`. */
  level: Level;
  confidence: Confidence;
}

/** A static check over one parsed file. */
export interface Rule extends RuleInfo {
  check(file: WorkflowFile): Finding[];
}

/** A static check that needs every file of the repository at once (duplication across files). */
export interface RepoRule extends RuleInfo {
  checkRepo(files: readonly WorkflowFile[]): Finding[];
}

/** A finding's fix: prose (inline `code` allowed) and, when there is one, a YAML snippet. */
export interface Fix {
  text: string;
  patch?: string;
}

/**
 * Builds a finding of `rule` at `pos`.
 *
 * @example
 * ```ts
 * finding(rule, file, job.pos, "Job 'build' has no timeout-minutes", {
 *   text: "Set `timeout-minutes` a little above the job's usual duration.",
 *   patch: "build:\n  timeout-minutes: 30",
 * }, job.id);
 * ```
 */
export function finding(
  rule: RuleInfo,
  file: WorkflowFile,
  pos: Pos,
  message: string,
  fix: Fix,
  job?: string,
): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    file: file.path,
    line: pos.line,
    column: pos.column,
    message,
    fix: fix.text,
    ...(fix.patch === undefined ? {} : { patch: fix.patch }),
    ...(job === undefined ? {} : { job }),
  };
}

/**
 * Marks a finding as `pedantic` advice, for rules whose findings are of two kinds (a tag-pinned
 * image is advice, an untagged one is not).
 *
 * @example
 * ```ts
 * out.push(pedantic(finding(rule, file, pos, "Image 'node:20' is pinned by tag", fix)));
 * ```
 */
export function pedantic(f: Finding): Finding {
  return { ...f, level: "pedantic" };
}

/**
 * Wraps `text` as a markdown code span, with a fence longer than any backtick run inside it so
 * values taken from the workflow cannot end the span early.
 *
 * @example
 * ```ts
 * inlineCode("npm ci"); // "`npm ci`"
 * inlineCode("echo `date`"); // "`` echo `date` ``"
 * ```
 */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Where `needle` occurs inside a scalar as written in the source (exact line inside a `run: |`
 * block), falling back to the scalar's start when the source spelling differs (escapes).
 *
 * @example
 * ```ts
 * posWithin(file, step.run!, "::set-output"); // the line of the echo inside the block
 * ```
 */
export function posWithin(file: WorkflowFile, value: Located<string>, needle: string): Pos {
  const range = value.node.range;
  if (!range) return value.pos;
  const at = file.source.slice(range[0], range[1]).indexOf(needle);
  return at < 0 ? value.pos : file.posAt(range[0] + at);
}
