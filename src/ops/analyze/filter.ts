/**
 * What `analyze` keeps of the rules' findings: the repository's own runner labels, ignore
 * comments in the files, the `analyze:` settings (rules off or at another severity) and the
 * level, each counted so the report can say what was left out and how to see it.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { WorkflowFile } from "../../workflow/model.ts";
import type { AnalyzeConfig } from "../../workflow/analyze_config.ts";
import { runnerLabels } from "../../workflow/rules/facts.ts";
import { findingLevel } from "../../workflow/rules/index.ts";
import { selfHostedPr } from "../../workflow/rules/self_hosted_pr.ts";
import { RULES } from "../../workflow/lint.ts";
import { applySuppressions, SUPPRESSION_RULES } from "../../workflow/suppress.ts";
import { ACTIONLINT_RULES } from "../../workflow/actionlint/rules.ts";
import { ACTION_FACTS_RULES } from "./action_facts.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One analysed file as the filter needs it. */
export interface FileFindings {
  path: string;
  /** The text read, for ignore comments; absent when it could not be read. */
  source?: string;
  file: WorkflowFile | null;
  findings: Finding[];
}

/** The findings kept, and how many each mechanism left out. */
export interface Filtered {
  findings: Finding[];
  byComments: number;
  byConfig: number;
  hiddenByLevel: number;
}

// A job that names one of the repository's own runner labels runs on its own machine: a label
// that matches a retired GitHub image is the owner's name for it, and the self-hosted checks apply.
function withRunnerLabels(r: FileFindings, labels: ReadonlySet<string>): {
  findings: Finding[];
  dropped: number;
} {
  const file = r.file;
  if (labels.size === 0 || file?.kind !== "workflow") return { findings: r.findings, dropped: 0 };
  const own = new Set(
    file.jobs.filter((j) => runnerLabels(j.runsOn).some((l) => labels.has(l.trim())))
      .map((j) => j.id),
  );
  if (own.size === 0) return { findings: r.findings, dropped: 0 };
  const kept = r.findings.filter((f) => !(f.ruleId === "deprecated-runner" && own.has(f.job!)));
  // The self-hosted rule recognises the `self-hosted` label: show it the jobs on our labels too.
  const view = {
    ...file,
    jobs: file.jobs.map((j) =>
      own.has(j.id) && !runnerLabels(j.runsOn).includes("self-hosted")
        ? { ...j, runsOn: ["self-hosted", ...runnerLabels(j.runsOn)] }
        : j
    ),
  };
  const reported = new Set(kept.filter((f) => f.ruleId === selfHostedPr.id).map((f) => f.job));
  const added = selfHostedPr.check(view).filter((f) => own.has(f.job!) && !reported.has(f.job));
  return { findings: [...kept, ...added], dropped: r.findings.length - kept.length };
}

/**
 * Applies runner labels, ignore comments, rule settings and the level to every file's findings.
 *
 * @example
 * ```ts
 * const { findings, byComments } = filterFindings(results, config, RULES.map((r) => r.id));
 * ```
 */
export function filterFindings(
  files: readonly FileFindings[],
  config: AnalyzeConfig,
  knownRules: readonly string[],
): Filtered {
  const labels = new Set(config.selfHostedLabels.map((l) => l.trim()));
  const out: Filtered = { findings: [], byComments: 0, byConfig: 0, hiddenByLevel: 0 };
  for (const r of files) {
    const labelled = withRunnerLabels(r, labels);
    out.byConfig += labelled.dropped;
    const { findings, suppressed } = r.source === undefined
      ? { findings: labelled.findings, suppressed: [] }
      : applySuppressions(r.path, r.source, labelled.findings, knownRules);
    out.byComments += suppressed.length;
    const kept: Finding[] = [];
    for (const f of findings) {
      const setting = config.rules[f.ruleId];
      if (setting === "off") {
        out.byConfig++;
        continue;
      }
      const shown = setting === undefined ? f : { ...f, severity: setting };
      if (config.level === "default" && findingLevel(shown) === "pedantic") {
        out.hiddenByLevel++;
        continue;
      }
      kept.push(shown);
    }
    r.findings = kept;
    out.findings.push(...kept);
  }
  return out;
}

/**
 * Every id a rule setting or an ignore comment may name.
 *
 * @example
 * ```ts
 * KNOWN_RULES.includes("missing-timeout"); // true
 * ```
 */
export const KNOWN_RULES: readonly string[] = [
  ...RULES,
  ...SUPPRESSION_RULES,
  ...ACTIONLINT_RULES,
  ...ACTION_FACTS_RULES,
].map((r) => r.id);

/**
 * What was left out and how to see it, so nobody mistakes a quiet report for a clean one; empty
 * when nothing was.
 *
 * @example
 * ```ts
 * leftOutNote({ byComments: 2, byConfig: 0, hiddenByLevel: 0 }); // "2 findings suppressed by comments."
 * ```
 */
export function leftOutNote(
  f: { byComments: number; byConfig: number; hiddenByLevel: number },
): string {
  const parts: string[] = [];
  const suppressed = f.byComments + f.byConfig;
  if (suppressed > 0) {
    const how = [f.byComments > 0 ? "comments" : "", f.byConfig > 0 ? "config" : ""]
      .filter(Boolean).join("/");
    parts.push(`${plural(suppressed, "finding")} suppressed by ${how}`);
  }
  if (f.hiddenByLevel > 0) {
    parts.push(
      `${plural(f.hiddenByLevel, "pedantic finding")} hidden — \`level: pedantic\` shows them`,
    );
  }
  return parts.length > 0 ? `${parts.join(", ")}.` : "";
}
