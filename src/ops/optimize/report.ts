/**
 * The reports `optimize` answers with: the ranked list, the confirmation of an apply, and the
 * opened (or reused) pull request.
 *
 * @module
 */
import { fenced } from "../../report/markup.ts";
import type { ReportInput, Section } from "../../report/model.ts";
import { applicable, type Suggestion } from "./model.ts";
import type { ApplyPlan } from "./apply.ts";
import { applyActions, applyNote, editSelectionAction, selectionHint } from "./choose.ts";
import { measuredTotal, savingText } from "./totals.ts";

/** At most this many ids go into one "Apply" button (a pull request stays reviewable). */
export const MAX_APPLY_IDS = 12;

const fmt = (n: number) => (n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ""));
const total = measuredTotal;

// A total is claimed only over measured savings, and says how many it leaves out.
function savedText(list: readonly Suggestion[]): string {
  const measured = list.filter((s) => s.estimate.measured).length;
  if (measured === 0) return "saving not estimated";
  const rest = list.length - measured;
  return `~${fmt(total(list))} min/week measured` +
    (rest > 0 ? `; ${rest} not estimated, not counted` : "");
}
const where = (s: Suggestion) => `${s.file}${s.line ? `:${s.line}` : ""}`;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

function section(s: Suggestion): Section {
  const lines = [
    `**${s.title}** — ${where(s)}, ${savingText(s.estimate)}.`,
    `Why: ${s.finding.message}.`,
    `Estimate: ${s.estimate.assumption}.`,
  ];
  if (s.problems.length > 0) lines.push(`Not applied automatically: ${s.problems.join("; ")}.`);
  if (s.diff) lines.push(fenced("diff", s.diff));
  else if (s.manual) lines.push(`Change by hand:\n${fenced("yaml", s.manual)}`);
  return { title: `${s.id} · ${s.title}`, markdown: lines.join("\n\n") };
}

/** What the list report says about where its numbers come from. */
export interface ListContext {
  repo: string;
  /** "run history: …", or that nothing was measured. */
  basis: string;
  notes: string[];
  apiCalls: string;
  /** Whether an "Apply" button makes sense (a GitHub repository, not local files). */
  canApply: boolean;
}

/**
 * The ranked list with an "Apply" button for the suggestions that can be applied.
 *
 * @example
 * ```ts
 * listReport(suggestions, {
 *   repo: "acme/app",
 *   basis: "run history (60 completed runs since 2026-10-25)",
 *   notes: [],
 *   apiCalls: "3",
 *   canApply: true,
 * });
 * ```
 */
export function listReport(list: readonly Suggestion[], ctx: ListContext): ReportInput {
  const auto = list.filter(applicable);
  const minutes = total(list);
  const measured = list.filter((s) => s.estimate.measured).length;
  const saving =
    `~${fmt(minutes)} runner min/week measured over ${plural(measured, "suggestion")}` +
    (measured < list.length ? ` (${list.length - measured} not estimated, not counted)` : "");
  const summary = list.length === 0
    ? `No suggestions for ${ctx.repo}: caching, concurrency, timeouts and checkout depth look fine.`
    : `${plural(list.length, "suggestion")}, ${saving} ` +
      `(${auto.length} can be applied as a pull request). Savings from ${ctx.basis}.`;
  const notes = [...ctx.notes];
  const buttonNote = ctx.canApply ? applyNote(list, ctx.repo, MAX_APPLY_IDS) : undefined;
  if (buttonNote) notes.push(buttonNote);
  return {
    title: `Optimize ${ctx.repo}`,
    status: list.length === 0 ? "success" : "warning",
    summary,
    fields: [
      { label: "Suggestions", value: String(list.length) },
      { label: "Estimated saving", value: saving },
      { label: "Based on", value: ctx.basis },
      { label: "API calls", value: ctx.apiCalls },
    ],
    tables: list.length === 0 ? [] : [{
      title: "Suggestions, largest saving first",
      columns: ["Id", "What", "Where", "Saving/week", "Assumption"],
      rows: list.map((s) => [
        s.id,
        applicable(s) ? s.title : `${s.title} (by hand)`,
        where(s),
        savingText(s.estimate),
        s.estimate.assumption,
      ]),
    }],
    sections: [
      ...list.map(section),
      ...(notes.length ? [{ title: "Notes", markdown: notes.join("\n") }] : []),
    ],
    actions: ctx.canApply ? applyActions(list, ctx.repo, MAX_APPLY_IDS) : [],
  };
}

const planSections = (plan: ApplyPlan): Section[] =>
  plan.changes.map((c) => ({ title: c.path, markdown: fenced("diff", c.diff) }));

/**
 * The confirmation: exactly what will change, and a button that carries the content hash.
 *
 * @example
 * ```ts
 * confirmReport("acme/app", plan, "main");
 * ```
 */
export function confirmReport(repo: string, plan: ApplyPlan, base: string): ReportInput {
  const ids = plan.selected.map((s) => s.id);
  return {
    title: `Optimize ${repo}: confirm ${ids.join(", ")}`,
    status: "neutral",
    summary: `Confirm to open a pull request into \`${base}\` from \`${plan.branch}\` changing ` +
      `${plural(plan.changes.length, "file")} (${savedText(plan.selected)}). ` +
      `Nothing has changed yet. ${selectionHint(repo, ids)}`,
    fields: [
      { label: "Pull request", value: plan.title },
      { label: "Branch", value: plan.branch },
      { label: "Base", value: base },
      { label: "Files", value: plan.changes.map((c) => c.path).join(", ") },
    ],
    tables: [{
      title: "Changes",
      columns: ["Id", "What", "Where", "Saving/week"],
      rows: plan.selected.map((
        s,
      ) => [s.id, s.title, where(s), savingText(s.estimate)]),
    }],
    sections: planSections(plan),
    actions: [{
      id: "optimize-confirm",
      label: "Confirm",
      style: "primary",
      intent: { op: "optimize", repo, apply: { step: "confirm", ids, hash: plan.contentHash } },
    }, editSelectionAction(repo, ids)],
  };
}

/**
 * After the pull request is opened, or found already open on its branch.
 *
 * @example
 * ```ts
 * openedReport("acme/app", plan, { number: 3, url }, "opened");
 * ```
 */
export function openedReport(
  repo: string,
  plan: ApplyPlan,
  pull: { number?: number; url?: string },
  outcome: "opened" | "unchanged" | "updated",
): ReportInput {
  const ids = plan.selected.map((s) => s.id).join(", ");
  const summary = outcome === "opened"
    ? `Opened pull request #${pull.number} with ${ids}: ${plan.title}.`
    : outcome === "updated"
    ? `Updated branch \`${plan.branch}\`; its pull request was already open.`
    : `Branch \`${plan.branch}\` already holds these changes; its pull request is already ` +
      "open, so no second one was opened.";
  return {
    title: `Optimize ${repo}: ${outcome === "opened" ? "pull request opened" : "already proposed"}`,
    status: "success",
    summary,
    fields: [
      { label: "Branch", value: plan.branch },
      { label: "Files", value: plan.changes.map((c) => c.path).join(", ") },
    ],
    sections: planSections(plan),
    links: pull.url ? [{ label: `Pull request #${pull.number}`, url: pull.url }] : [],
  };
}
