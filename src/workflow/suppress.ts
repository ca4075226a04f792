/**
 * Inline suppression of findings by comments in the workflow file itself, so rules never need to
 * know about it:
 *
 * ```yaml
 * jobs:
 *   deploy: # ci-orchestrator: ignore[missing-timeout]        ← covers the whole job
 *     steps:
 *       - uses: actions/checkout@v4 # zizmor: ignore[unpinned-uses]   ← covers this step line
 *       - name: Build # ci-orchestrator: ignore[script-injection,github-env]   ← the whole step
 * ```
 *
 * A directive covers the line it is on and the lines nested under it (by indentation): on a job
 * key that is the job, on a step's first line (`- name: …`) the step, on any other line that
 * line's node. zizmor's `# zizmor: ignore[audit]` is honoured for the audits that match one of
 * our rules ({@linkcode ZIZMOR_ALIASES}); other zizmor audits are zizmor's business and left
 * alone. An id of ours that names no rule becomes a notice, so a typo is not silently ignored.
 *
 * @module
 */
import type { Finding } from "../report/model.ts";
import type { RuleInfo } from "./rules/rule.ts";

/** Findings that the suppression mechanism itself reports, documented like rules. */
export const SUPPRESSION_RULES: readonly RuleInfo[] = [{
  id: "unknown-suppression",
  severity: "notice",
  title: "Suppression comment names no rule",
  rationale: "A misspelt rule id in an ignore comment suppresses nothing, so the finding stays.",
  level: "default",
  confidence: "high",
}];

/**
 * zizmor audit ids → our rule ids, only where the two judge the same thing, so one comment can
 * serve both tools.
 */
export const ZIZMOR_ALIASES: Readonly<Record<string, readonly string[]>> = {
  "template-injection": ["script-injection"],
  "unpinned-uses": ["unpinned-action"],
  "unpinned-images": ["unpinned-image"],
  "excessive-permissions": ["permissions"],
  "dangerous-triggers": ["dangerous-trigger"],
  "github-env": ["github-env"],
  "insecure-commands": ["insecure-commands"],
  "unsound-condition": ["unsound-condition"],
  "secrets-inherit": ["secrets-inherit"],
  "overprovisioned-secrets": ["overprovisioned-secrets"],
  "cache-poisoning": ["cache-poisoning"],
  "self-hosted-runner": ["self-hosted-pr"],
  "concurrency-limits": ["missing-concurrency"],
  "artipacked": ["artipacked"],
  "bot-conditions": ["bot-conditions"],
  "unredacted-secrets": ["unredacted-secrets"],
  "hardcoded-container-credentials": ["hardcoded-container-credentials"],
  "obfuscation": ["obfuscation"],
  "unsound-contains": ["unsound-condition"],
  "ref-confusion": ["ref-confusion"],
  "archived-uses": ["archived-action"],
};

const DIRECTIVE = /#\s*(ci-orchestrator|zizmor)\s*:\s*ignore\[([^\]\n]*)\]/g;

/** One ignore comment: which rules, from which line to which (1-based, inclusive). */
export interface Directive {
  tool: "ci-orchestrator" | "zizmor";
  /** The ids as written. */
  ids: string[];
  line: number;
  column: number;
  endLine: number;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);

// The last line of the node that starts on `lines[i]`: every following line indented deeper
// (a `- ` item's children sit deeper than its dash, its next sibling at the same column).
function endOfNode(lines: string[], i: number): number {
  const indent = indentOf(lines[i]);
  let end = i;
  for (let j = i + 1; j < lines.length; j++) {
    if (isBlankOrComment(lines[j])) continue;
    if (indentOf(lines[j]) <= indent) break;
    end = j;
  }
  return end + 1;
}

/**
 * Every ignore directive of a file, with the lines it covers.
 *
 * @example
 * ```ts
 * parseDirectives("jobs:\n  a: # ci-orchestrator: ignore[missing-timeout]\n    runs-on: x\n");
 * // [{ tool: "ci-orchestrator", ids: ["missing-timeout"], line: 2, column: 6, endLine: 3 }]
 * ```
 */
export function parseDirectives(source: string): Directive[] {
  const lines = source.split(/\r?\n/);
  const out: Directive[] = [];
  lines.forEach((text, i) => {
    if (!text.includes("ignore[")) return;
    for (const m of text.matchAll(DIRECTIVE)) {
      out.push({
        tool: m[1] as Directive["tool"],
        ids: m[2].split(",").map((id) => id.trim()).filter((id) => id.length > 0),
        line: i + 1,
        column: m.index + 1,
        endLine: endOfNode(lines, i),
      });
    }
  });
  return out;
}

/** What {@linkcode applySuppressions} kept and dropped. */
export interface SuppressionResult {
  /** Findings not suppressed, plus a notice for each ignore comment naming no rule. */
  findings: Finding[];
  /** Findings an ignore comment covered. */
  suppressed: Finding[];
}

/**
 * Drops the findings of `path` that an ignore comment in `source` covers, and reports comments
 * of ours whose ids name no rule in `knownRules`.
 *
 * @example
 * ```ts
 * const { findings, suppressed } = applySuppressions(path, source, lintWorkflow({ path, content: source }), RULES.map((r) => r.id));
 * ```
 */
export function applySuppressions(
  path: string,
  source: string,
  findings: readonly Finding[],
  knownRules: readonly string[],
): SuppressionResult {
  const known = new Set(knownRules);
  const directives = parseDirectives(source);
  const notices: Finding[] = [];
  const covers: { rule: string; from: number; to: number }[] = [];
  for (const d of directives) {
    const unknown: string[] = [];
    for (const id of d.ids) {
      const ours = d.tool === "zizmor" ? ZIZMOR_ALIASES[id] ?? [] : [id];
      if (d.tool === "ci-orchestrator" && !known.has(id)) unknown.push(id);
      for (const rule of ours) covers.push({ rule, from: d.line, to: d.endLine });
    }
    if (d.tool === "ci-orchestrator" && (unknown.length > 0 || d.ids.length === 0)) {
      notices.push({
        ruleId: SUPPRESSION_RULES[0].id,
        severity: SUPPRESSION_RULES[0].severity,
        file: path,
        line: d.line,
        column: d.column,
        message: d.ids.length === 0
          ? "This ignore comment names no rule, so it suppresses nothing"
          : `This ignore comment names no known rule: ${unknown.join(", ")}; nothing is ` +
            "suppressed for it",
        fix: "Write the rule ids as the report shows them, e.g. " +
          "`# ci-orchestrator: ignore[missing-timeout]` (docs/rules.md lists them).",
      });
    }
  }
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const hit = f.file === path && f.line !== undefined &&
      covers.some((c) => c.rule === f.ruleId && f.line! >= c.from && f.line! <= c.to);
    (hit ? suppressed : kept).push(f);
  }
  return { findings: [...kept, ...notices], suppressed };
}
