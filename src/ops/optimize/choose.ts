/**
 * Choosing what `optimize` applies: one button per applicable suggestion (the first few that
 * every surface can show), an "Apply all" button when there is more than one, and on the preview
 * an Edit button that offers `optimize apply a,b,c` for adding or removing ids. Every button
 * previews; only the preview's Confirm opens the pull request.
 *
 * @module
 */
import { fenced } from "../../report/markup.ts";
import type { ReportInput } from "../../report/model.ts";
import type { ApplyPlan } from "./apply.ts";
import { savingText } from "./totals.ts";
import { applicable, type Suggestion } from "./model.ts";

/** A report button as `listReport`/`confirmReport` return it. */
export type ApplyAction = NonNullable<ReportInput["actions"]>[number];

/**
 * Buttons for single suggestions. Teams shows the first five actions of a report (Discord 24,
 * Slack 24): four single ones plus "Apply all" fit everywhere.
 */
export const MAX_SUGGESTION_BUTTONS = 4;
/** Longest label written: Slack cuts button text at 75 characters, Discord and Teams at 80. */
export const MAX_LABEL = 72;
/** The id of the button that previews every applicable suggestion (at most the cap). */
export const APPLY_ALL_ACTION_ID = "optimize-apply";
/** The id prefix of the buttons that preview one suggestion. */
export const APPLY_ONE_ACTION_PREFIX = "optimize-apply-";
/** The id of the preview's button that offers the command for changing the selection. */
export const EDIT_SELECTION_ACTION_ID = "optimize-edit-selection";

const plain = (s: string) => s.replace(/`/g, "");

/**
 * "Apply s1a2b3: Cache npm dependencies in …", cut to {@linkcode MAX_LABEL} characters.
 *
 * @example
 * ```ts
 * applyLabel({ id: "s1a2b3", title: "Cache npm dependencies in `setup-node`" } as Suggestion);
 * // "Apply s1a2b3: Cache npm dependencies in setup-node"
 * ```
 */
export function applyLabel(s: Pick<Suggestion, "id" | "title">): string {
  const label = `Apply ${s.id}: ${plain(s.title)}`;
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

const preview = (repo: string, ids: string[]): ApplyAction["intent"] => ({
  op: "optimize",
  repo,
  apply: { step: "preview", ids },
});

/**
 * The list report's buttons: one per applicable suggestion (the first
 * {@linkcode MAX_SUGGESTION_BUTTONS}, in the list's order), then "Apply all N" when more than
 * one can be applied — "Apply first `maxIds` of N" when more than `maxIds` can. Each previews.
 *
 * @example
 * ```ts
 * applyActions(suggestions, "acme/app", 12).map((a) => a.label);
 * // ["Apply s1a2b3: Cache npm dependencies in …", "Apply s9f8e7: …", "Apply all 2"]
 * ```
 */
export function applyActions(
  list: readonly Suggestion[],
  repo: string,
  maxIds: number,
): ApplyAction[] {
  const auto = list.filter(applicable);
  const one: ApplyAction[] = auto.slice(0, MAX_SUGGESTION_BUTTONS).map((s) => ({
    id: `${APPLY_ONE_ACTION_PREFIX}${s.id}`,
    label: applyLabel(s),
    style: "default",
    intent: preview(repo, [s.id]),
  }));
  if (auto.length < 2) return one;
  const all = auto.slice(0, maxIds).map((s) => s.id);
  const label = all.length === auto.length
    ? `Apply all ${auto.length}`
    : `Apply first ${all.length} of ${auto.length}`;
  return [...one, {
    id: APPLY_ALL_ACTION_ID,
    label,
    style: "primary",
    intent: preview(repo, all),
  }];
}

/**
 * The list report's sentence about its buttons, or `undefined` when there are none.
 *
 * @example
 * ```ts
 * applyNote(suggestions, "acme/app", 12);
 * // "Each Apply button previews the pull request; nothing changes before you confirm. …"
 * ```
 */
export function applyNote(
  list: readonly Suggestion[],
  repo: string,
  maxIds: number,
): string | undefined {
  const auto = list.filter(applicable);
  if (auto.length === 0) return undefined;
  const buttons = Math.min(auto.length, MAX_SUGGESTION_BUTTONS);
  const example = auto.slice(0, 3).map((s) => s.id).join(",");
  const parts = [
    "Each Apply button previews one pull request; nothing changes before you confirm it.",
    `To choose any others, write \`optimize repo:${repo} apply ${example}\` with the ids you want.`,
  ];
  if (auto.length > buttons) {
    parts.push(`Buttons are shown for the first ${buttons} of ${auto.length}.`);
  }
  if (auto.length > maxIds) {
    parts.push(`"Apply first ${maxIds}" keeps the pull request reviewable; apply the rest by id.`);
  }
  return parts.join(" ");
}

/**
 * The preview's Edit button: offers `optimize repo:… apply:a,b` for adding or removing ids (the
 * changed text previews again).
 *
 * @example
 * ```ts
 * editSelectionAction("acme/app", ["s1a2b3", "s9f8e7"]).label; // "Change selection"
 * ```
 */
export function editSelectionAction(repo: string, ids: readonly string[]): ApplyAction {
  return {
    id: EDIT_SELECTION_ACTION_ID,
    label: "Change selection",
    kind: "edit",
    intent: preview(repo, [...ids]),
  };
}

/**
 * What the preview says about changing the selection.
 *
 * @example
 * ```ts
 * selectionHint("acme/app", ["s1a2b3"]);
 * // "To add or remove suggestions, write `optimize repo:acme/app apply s1a2b3` with …"
 * ```
 */
export function selectionHint(repo: string, ids: readonly string[]): string {
  return `To add or remove suggestions, write \`optimize repo:${repo} apply ${ids.join(",")}\` ` +
    "with ids added or removed (or press Change selection); that previews again.";
}

/**
 * `cli run optimize --dir PATH --only a,b` (local files): the combined change of exactly those
 * suggestions, to apply by hand; no pull request can be opened, so there is no Confirm.
 *
 * @example
 * ```ts
 * localChoiceReport("app", await planApply(suggestions, files, ["s1a2b3"])).title;
 * // "Optimize app: s1a2b3 combined"
 * ```
 */
export function localChoiceReport(repo: string, plan: ApplyPlan): ReportInput {
  const ids = plan.selected.map((s) => s.id);
  const files = plan.changes.map((c) => c.path);
  return {
    title: `Optimize ${repo}: ${ids.join(", ")} combined`,
    status: "neutral",
    summary: `The combined change of ${ids.join(", ")} to ${files.join(", ")}, checked as a ` +
      "pull request would be. Local files: nothing was written; apply the diff below by hand.",
    fields: [{ label: "Files", value: files.join(", ") }],
    tables: [{
      title: "Chosen",
      columns: ["Id", "What", "Where", "Saving/week"],
      rows: plan.selected.map((s) => [
        s.id,
        s.title,
        `${s.file}${s.line ? `:${s.line}` : ""}`,
        savingText(s.estimate),
      ]),
    }],
    sections: [
      ...plan.changes.map((c) => ({ title: c.path, markdown: fenced("diff", c.diff) })),
      { title: "Pull request text", markdown: `**${plan.title}**\n\n${plan.body}` },
    ],
  };
}
