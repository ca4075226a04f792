/**
 * The pull request `optimize apply` opens says what it contains as a checklist: one line per
 * chosen suggestion (id, title, file:line, its measured saving or "not estimated") and one per
 * check made on each changed file. Only measured savings are added up; the title carries a
 * total only when every change in it was measured.
 *
 * @module
 */
import type { Estimate, Suggestion } from "./model.ts";
import { measuredTotal, savingText } from "./totals.ts";

type Range = NonNullable<Estimate["range"]>;

/** A changed file and the ids that changed it, as `planApply` checked it. */
export interface CheckedFile {
  path: string;
  ids: readonly string[];
}

const fmt = (n: number) => (n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ""));
const where = (s: Suggestion) => `${s.file}${s.line ? `:${s.line}` : ""}`;
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().replace(/\.$/, "");

const measuredOf = (list: readonly Suggestion[]) => list.filter((s) => s.estimate.measured);

// The summed range, only when every measured saving has one.
function rangeSum(measured: readonly Suggestion[]): Range | undefined {
  const ranges = measured.map((s) => s.estimate.range);
  if (ranges.length === 0 || ranges.some((r) => r === undefined)) return undefined;
  return {
    low: ranges.reduce((sum, r) => sum + r!.low, 0),
    high: ranges.reduce((sum, r) => sum + r!.high, 0),
  };
}

/**
 * The saving a multi-change title may state: " (~X runner min/week)" only when every chosen
 * change was measured; otherwise nothing.
 *
 * @example
 * ```ts
 * titleSaving(allMeasured); // " (~7.5 runner min/week)"
 * titleSaving(someNotEstimated); // ""
 * ```
 */
export function titleSaving(selected: readonly Suggestion[]): string {
  return selected.length > 0 && measuredOf(selected).length === selected.length
    ? ` (~${fmt(measuredTotal(selected))} runner min/week)`
    : "";
}

function headline(selected: readonly Suggestion[]): string {
  const measured = measuredOf(selected);
  const rest = selected.length - measured.length;
  if (measured.length === 0) {
    return "Saving: not estimated — no change here has a saving measured from run history.";
  }
  const range = rangeSum(measured);
  const span = range ? ` (range ${fmt(range.low)}–${fmt(range.high)})` : "";
  const of = rest > 0
    ? ` for ${measured.length} of ${selected.length} changes; the rest are not estimated and ` +
      "not counted"
    : "";
  return `Measured saving: ~${fmt(measuredTotal(selected))} runner min/week${span}${of}.`;
}

/**
 * The pull request body: a headline saving from measured numbers only, the checklist of the
 * chosen suggestions, and the checks made on every changed file.
 *
 * @example
 * ```ts
 * pullRequestBody(plan.selected, [{ path: ".github/workflows/ci.yml", ids: ["s1a2b3"] }], true);
 * // "Proposed by ci-orchestrator `optimize` …\n- [x] **s1a2b3** Cache npm … — ~4.2 runner …"
 * ```
 */
export function pullRequestBody(
  selected: readonly Suggestion[],
  files: readonly CheckedFile[],
  actionlint: boolean,
): string {
  const contains = selected.map((s) => {
    const saving = savingText(s.estimate) + (s.estimate.measured ? ", measured" : "");
    // An assumption may itself open with "not estimated: …"; say it once.
    const stated = oneLine(s.estimate.assumption);
    const basis = stated.toLowerCase().startsWith(saving)
      ? stated.slice(saving.length).replace(/^[:;,]?\s*/, "")
      : stated;
    return `- [x] **${s.id}** ${s.title} — \`${where(s)}\` — ${saving}` +
      (basis ? `: ${basis}.` : ".");
  });
  const byId = new Map(selected.map((s) => [s.id, s]));
  const checks = files.flatMap((f) => {
    const rules = [...new Set(f.ids.map((id) => byId.get(id)?.ruleId ?? id))].join(", ");
    return [
      `- [x] \`${f.path}\` parses after the change.`,
      `- [x] \`${f.path}\`: our rules no longer report what ${f.ids.join(", ")} ` +
      `${f.ids.length === 1 ? "fixes" : "fix"} ` +
      `(${rules}) and report nothing new.`,
      actionlint
        ? `- [x] \`${f.path}\`: actionlint reports no new error.`
        : `- [ ] \`${f.path}\`: actionlint was not run (it could not be loaded).`,
    ];
  });
  return [
    `Proposed by ci-orchestrator \`optimize\`: ${selected.length} chosen ` +
    `change${selected.length === 1 ? "" : "s"}. ${headline(selected)}`,
    "",
    "### What this pull request contains",
    "",
    ...contains,
    "",
    "### Checks made",
    "",
    ...checks,
  ].join("\n");
}
