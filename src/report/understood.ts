/**
 * The "Understood as …" report: what a state-changing request read from plain language shows
 * instead of running. A reader can misread a sentence ("please stop posting acme/web failures"
 * is not a `cancel`), so only the exact command grammar acts directly; anything else is shown
 * back as the command it was read as, with three buttons (their intent stored server-side by
 * the surface): Run runs exactly that intent as the person who presses it; Edit offers the
 * command for changing, and the changed text goes through the parser like a typed command (so
 * plain language is shown back again); Dismiss replaces the message and runs nothing — only the
 * person who asked may dismiss, once.
 *
 * @module
 */
import { intentToCommand } from "../intent/format.ts";
import type { Intent } from "../intent/schema.ts";
import { codeSpan, escapeMarkdownText } from "./markup.ts";
import type { ReportInput } from "./model.ts";

/** The id of the Run action of an "Understood as" report. */
export const RUN_ACTION_ID = "run";
/** The id of the Edit action of an "Understood as" report. */
export const EDIT_ACTION_ID = "edit";
/** The id of the Dismiss action of an "Understood as" report. */
export const DISMISS_ACTION_ID = "dismiss";

/** How the intent was read (the shape of `ExecuteOptions.understood`). */
export interface Reading {
  source: "natural" | "model";
  explanation: string;
}

const fieldValue = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

// The reader's explanation names its own rule ids and reading style for debugging (`cli parse`
// shows them); people see what was read: `"please run" → test; read repo 'acme/app'`.
function forPeople(explanation: string): string {
  return explanation.trim()
    .replace(/^natural language \([^)]*\):\s*/, "")
    .replace(/rule '[^']*' matched /g, "")
    .replace(/rule '[^']*' → /g, "");
}

/**
 * The report shown instead of running `intent`: neutral, nothing has run; Run (primary), Edit
 * and Dismiss actions.
 *
 * @example
 * ```ts
 * const report = understoodReport(
 *   { op: "test", repo: "acme/app", ref: "main" },
 *   { source: "natural", explanation: "run the tests on acme/app branch main" },
 * );
 * report.title; // "Understood as: test repo:acme/app ref:main"
 * report.actions?.map((a) => a.label); // ["Run", "Edit", "Dismiss"]
 * ```
 */
export function understoodReport(intent: Intent, reading: Reading): ReportInput {
  const command = intentToCommand(intent);
  const by = reading.source === "model" ? "by a language model" : "from plain language";
  const explanation = forPeople(reading.explanation);
  return {
    title: `Understood as: ${command}`,
    status: "neutral",
    summary: `Read ${by}` +
      (explanation ? ` (${escapeMarkdownText(explanation)})` : "") +
      `. **Nothing has run yet.** Press **Run** to run ${codeSpan(command)} as yourself, ` +
      "**Edit** to change it first, or **Dismiss** to do nothing. Typing that command exactly " +
      "runs it without this step.",
    fields: [
      { label: "Operation", value: intent.op },
      ...Object.entries(intent)
        .filter(([name, value]) => name !== "op" && value !== undefined)
        .map(([name, value]) => ({ label: name, value: fieldValue(value) })),
    ],
    actions: [
      { id: RUN_ACTION_ID, label: "Run", style: "primary", kind: "run", intent },
      { id: EDIT_ACTION_ID, label: "Edit", kind: "edit", intent },
      { id: DISMISS_ACTION_ID, label: "Dismiss", kind: "dismiss", intent },
    ],
  };
}
