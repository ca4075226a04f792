/**
 * The "Which workflow?" question as a report, so every surface renders it through its normal
 * path: buttons where there are buttons (Slack, Discord, Teams), and on the text surfaces
 * (Copilot, MCP, CLI) the table of the exact commands to type. A button runs the intent with
 * that workflow as whoever presses it; the question itself grants nothing.
 *
 * @module
 */
import { intentToCommand } from "../../intent/format.ts";
import type { Intent } from "../../intent/schema.ts";
import { codeSpan, escapeMarkdownText } from "../../report/markup.ts";
import type { ReportInput } from "../../report/model.ts";

/** A workflow offered as a choice. */
export interface WorkflowChoice {
  /** `.github/workflows/ci.yml` */
  path: string;
  /** `ci.yml`: what the button's intent names. */
  file: string;
  /** Its display name (`name:`). */
  name: string;
}

/** Buttons every surface shows in one message (Teams cards show 5). */
export const MAX_WORKFLOW_BUTTONS = 5;
/** Rows of the commands table: a repository rarely has more dispatchable workflows. */
const MAX_LISTED = 25;

/**
 * The question asked instead of failing: `intent` (with its repository) needs a workflow; one
 * button per choice (the first {@linkcode MAX_WORKFLOW_BUTTONS}), each running
 * `{ ...intent, workflow: file }`; `leftOut` names the workflows not offered.
 *
 * @example
 * ```ts
 * const report = whichWorkflowReport({ op: "test", repo: "acme/app" }, [
 *   { path: ".github/workflows/ci.yml", file: "ci.yml", name: "CI" },
 *   { path: ".github/workflows/e2e.yml", file: "e2e.yml", name: "E2E" },
 * ], ["lint.yml"]);
 * report.title; // "Which workflow?"
 * report.actions?.[1].intent; // { op: "test", repo: "acme/app", workflow: "e2e.yml" }
 * ```
 */
export function whichWorkflowReport(
  intent: Intent,
  choices: readonly WorkflowChoice[],
  leftOut: readonly string[],
): ReportInput {
  const command = intentToCommand(intent);
  const repo = intent.repo ?? "";
  const more = choices.length > MAX_WORKFLOW_BUTTONS
    ? ` Only the first ${MAX_WORKFLOW_BUTTONS} are buttons: for another, type the command with ` +
      "`workflow:NAME` (the table lists them all)."
    : "";
  const skipped = leftOut.length > 0
    ? ` Not offered, as they cannot be dispatched${
      intent.ref ? ` at ${escapeMarkdownText(intent.ref)}` : ""
    } (no \`on: workflow_dispatch\`, disabled, or unreadable): ${
      leftOut.map((f) => codeSpan(f)).join(", ")
    }.`
    : "";
  const listed = choices.slice(0, MAX_LISTED);
  return {
    title: "Which workflow?",
    status: "neutral",
    summary: `${codeSpan(command)} needs a workflow: ${codeSpan(repo)} has ${choices.length} ` +
      `that can be dispatched. **Nothing has run yet.** Press one to run ${
        codeSpan(command)
      } with it as yourself, or type one of the commands below.${more}${skipped}`,
    fields: [{ label: "Command", value: command }],
    tables: [{
      title: choices.length > listed.length
        ? `Workflows (first ${listed.length} of ${choices.length})`
        : "Workflows",
      columns: ["Workflow", "Name", "Command"],
      rows: listed.map((c) => [
        codeSpan(c.file),
        escapeMarkdownText(c.name),
        codeSpan(intentToCommand({ ...intent, workflow: c.file })),
      ]),
    }],
    actions: choices.slice(0, MAX_WORKFLOW_BUTTONS).map((c, i) => ({
      id: `workflow-${i + 1}`,
      label: c.file,
      style: "default",
      intent: { ...intent, workflow: c.file },
    })),
  };
}
