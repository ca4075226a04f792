/**
 * The reports `migrate` answers with: the proposal (what was replaced by what, what stays
 * custom and why, behaviour changes, the audit, the diff collapsed for chat and in full per
 * file), the confirmation of an apply, and the opened or updated pull request.
 *
 * @module
 */
import type { Intent } from "../../intent/schema.ts";
import type { ReportInput, Section, Table } from "../../report/model.ts";
import { unifiedDiff } from "../../workflow/edit_diff.ts";
import { fenced } from "../../report/markup.ts";
import type { MigrationPlan } from "./apply.ts";
import type { MigrationNote, MigrationResult } from "./model.ts";
import type { FileCheck } from "./validate.ts";

/** Lines of each file's diff shown in the collapsed (chat) section. */
export const COLLAPSED_DIFF_LINES = 40;
/** Characters of the collapsed section (a Slack section holds 3,000). */
export const COLLAPSED_DIFF_CHARS = 2_600;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
const where = (n: MigrationNote) => `${n.file}${n.line ? `:${n.line}` : ""}`;

const TABLES: Array<[MigrationNote["kind"], string, string]> = [
  ["replaced", "Replaced by shared building blocks", "Replaced by"],
  ["extracted", "Extracted into composite actions", "Extracted"],
  ["converted", "Converted", "Converted"],
  ["kept", "Kept custom, and why", "Reason"],
  ["behaviour-change", "Behaviour changes to review", "Change"],
  ["not-converted", "Not converted (audit)", "Construct"],
];

function noteTables(notes: readonly MigrationNote[]): Table[] {
  return TABLES.flatMap(([kind, title, column]) => {
    const rows = notes.filter((n) => n.kind === kind);
    return rows.length === 0 ? [] : [{
      title,
      columns: ["Where", "Job", column],
      rows: rows.map((n) => [where(n), n.job ?? "—", n.message]),
    }];
  });
}

/**
 * The diffs: one collapsed section that fits a chat message, then a full section per file
 * (new files in full as YAML) for the report page.
 *
 * @example
 * ```ts
 * diffSections(result.files).map((s) => s.title); // ["Diff (collapsed)", ".github/workflows/ci.yml"]
 * ```
 */
export function diffSections(files: MigrationResult["files"]): Section[] {
  if (files.length === 0) return [];
  const full = files.map((f) => ({
    path: f.path,
    diff: unifiedDiff(f.path, f.before ?? "", f.after),
  }));
  let collapsed = "";
  for (const f of full) {
    const lines = f.diff.split("\n");
    const shown = lines.slice(0, COLLAPSED_DIFF_LINES).join("\n");
    const more = lines.length - COLLAPSED_DIFF_LINES;
    const part = `${shown}${
      more > 0 ? `\n… ${more} more lines of ${f.path} on the report page` : ""
    }\n`;
    if (collapsed.length + part.length > COLLAPSED_DIFF_CHARS) {
      collapsed += `… ${f.path} and the rest on the report page\n`;
      break;
    }
    collapsed += part;
  }
  return [
    { title: "Diff (collapsed)", markdown: fenced("diff", collapsed) },
    ...files.map((f, i): Section => ({
      title: f.path,
      markdown: f.before === null
        ? `New file:\n\n${fenced("yaml", f.after)}`
        : fenced("diff", full[i].diff),
    })),
  ];
}

/** What the proposal report needs besides the result. */
export interface ProposalContext {
  repo: string;
  /** How the strategy was chosen and where the catalog came from. */
  basis: string;
  checks: FileCheck[];
  notes: string[];
  /** The "Apply" button's intent, when a pull request can be opened. */
  apply?: Intent;
}

/**
 * The proposal.
 *
 * @example
 * ```ts
 * proposalReport(result, { repo: "acme/app", basis: "catalog acme/ci-tooling/catalog.yml", checks, notes: [] });
 * ```
 */
export function proposalReport(result: MigrationResult, ctx: ProposalContext): ReportInput {
  const count = (kind: MigrationNote["kind"]) => result.notes.filter((n) => n.kind === kind).length;
  const failing = ctx.checks.filter((c) => c.problems.length > 0);
  const advisories = ctx.checks.filter((c) => c.advisories.length > 0);
  const changed = result.files.length;
  const summary = changed === 0
    ? `Nothing to migrate in ${ctx.repo} with strategy ${result.strategy}: ` +
      `${plural(count("kept"), "job")} kept (reasons below).`
    : `${plural(changed, "file")} to change with strategy ${result.strategy}: ` +
      [
        count("replaced") && `${count("replaced")} replaced`,
        count("extracted") && `${count("extracted")} extracted`,
        count("converted") && `${count("converted")} converted`,
        count("kept") && `${count("kept")} kept`,
        count("behaviour-change") &&
        `${plural(count("behaviour-change"), "behaviour change")} to review`,
        count("not-converted") && `${count("not-converted")} not converted`,
      ].filter(Boolean).join(", ") + "." +
      (failing.length ? ` ${plural(failing.length, "file")} failed validation.` : "");
  const validation = ctx.checks.map((c) =>
    c.problems.length
      ? `- ✗ ${c.path}: ${c.problems.join("; ")}`
      : `- ✓ ${c.path}: parses, actionlint and our rules report nothing new, every variable it reads is defined`
  );
  const sections: Section[] = [
    ...diffSections(result.files),
    ...(validation.length ? [{ title: "Validation", markdown: validation.join("\n") }] : []),
    ...(advisories.length
      ? [{
        title: "Findings on new files",
        markdown: advisories.flatMap((c) => c.advisories.map((a) => `- ${c.path}: ${a}`)).join(
          "\n",
        ),
      }]
      : []),
    ...(ctx.notes.length ? [{ title: "Notes", markdown: ctx.notes.join("\n") }] : []),
  ];
  return {
    title: `Migrate ${ctx.repo} (${result.strategy})`,
    status: failing.length ? "failure" : changed === 0 ? "neutral" : "warning",
    summary,
    fields: [
      { label: "Strategy", value: result.strategy },
      { label: "Files changed", value: String(changed) },
      {
        label: "Replaced",
        value: String(count("replaced") + count("extracted") + count("converted")),
      },
      { label: "Kept custom", value: String(count("kept")) },
      { label: "Behaviour changes", value: String(count("behaviour-change")) },
      { label: "Not converted", value: String(count("not-converted")) },
      { label: "Based on", value: ctx.basis },
    ],
    tables: noteTables(result.notes),
    sections,
    actions: ctx.apply && failing.length === 0 && changed > 0
      ? [{ id: "migrate-apply", label: "Open a pull request", style: "primary", intent: ctx.apply }]
      : [],
  };
}

/**
 * The confirmation: exactly what will change, and a button bound to the content hash.
 *
 * @example
 * ```ts
 * confirmReport("acme/app", result, plan, "main", confirmIntent);
 * ```
 */
export function confirmReport(
  repo: string,
  result: MigrationResult,
  plan: MigrationPlan,
  base: string,
  confirm: Intent,
): ReportInput {
  return {
    title: `Migrate ${repo}: confirm the pull request`,
    status: "neutral",
    summary:
      `Confirm to open (or update) a pull request into \`${base}\` from \`${plan.branch}\` ` +
      `changing ${plural(result.files.length, "file")}. Nothing has changed yet.`,
    fields: [
      { label: "Pull request", value: plan.title },
      { label: "Branch", value: plan.branch },
      { label: "Base", value: base },
      { label: "Files", value: result.files.map((f) => f.path).join(", ") },
    ],
    tables: noteTables(result.notes.filter((n) => n.kind !== "kept")),
    sections: diffSections(result.files),
    actions: [{ id: "migrate-confirm", label: "Confirm", style: "primary", intent: confirm }],
  };
}

/**
 * After the pull request is opened, updated, or found holding these changes already.
 *
 * @example
 * ```ts
 * openedReport("acme/app", result, plan, { number: 3, url }, "opened");
 * ```
 */
export function openedReport(
  repo: string,
  result: MigrationResult,
  plan: MigrationPlan,
  pull: { number?: number; url?: string },
  outcome: "opened" | "updated" | "unchanged",
): ReportInput {
  const summary = outcome === "opened"
    ? `Opened pull request #${pull.number}: ${plan.title}.`
    : outcome === "updated"
    ? `Updated branch \`${plan.branch}\`; its pull request was already open and now shows ` +
      "this version."
    : `Branch \`${plan.branch}\` already holds these changes; its pull request is already ` +
      "open, so no second one was opened.";
  return {
    title: `Migrate ${repo}: ${outcome === "opened" ? "pull request opened" : "already proposed"}`,
    status: "success",
    summary,
    fields: [
      { label: "Branch", value: plan.branch },
      { label: "Files", value: result.files.map((f) => f.path).join(", ") },
    ],
    sections: diffSections(result.files),
    links: pull.url ? [{ label: `Pull request #${pull.number}`, url: pull.url }] : [],
  };
}
