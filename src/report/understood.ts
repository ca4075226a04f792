/**
 * The "Understood as …" report: what a state-changing request read from plain language shows
 * instead of running. A reader can misread a sentence ("please stop posting acme/web failures"
 * is not a `cancel`), so only the exact command grammar acts directly; anything else is shown
 * back as the command it was read as, with one Run button that runs exactly that intent (stored
 * server-side by the surface, run as the person who presses it).
 *
 * No Dismiss button: an action always runs a stored intent, so "do nothing" is ignoring the
 * message (the summary says so).
 *
 * @module
 */
import { intentToCommand } from "../intent/format.ts";
import type { Intent } from "../intent/schema.ts";
import { codeSpan, escapeMarkdownText } from "./markup.ts";
import type { ReportInput } from "./model.ts";

/** The id of the Run action of an "Understood as" report. */
export const RUN_ACTION_ID = "run";

/** How the intent was read (the shape of `ExecuteOptions.understood`). */
export interface Reading {
  source: "natural" | "model";
  explanation: string;
}

const fieldValue = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

/**
 * The report shown instead of running `intent`: neutral, nothing has run, one Run action.
 *
 * @example
 * ```ts
 * const report = understoodReport(
 *   { op: "test", repo: "acme/app", ref: "main" },
 *   { source: "natural", explanation: "run the tests on acme/app branch main" },
 * );
 * report.title; // "Understood as: test repo:acme/app ref:main"
 * report.actions?.[0].label; // "Run"
 * ```
 */
export function understoodReport(intent: Intent, reading: Reading): ReportInput {
  const command = intentToCommand(intent);
  const by = reading.source === "model" ? "by a language model" : "from plain language";
  const explanation = reading.explanation.trim();
  return {
    title: `Understood as: ${command}`,
    status: "neutral",
    summary: `Read ${by}` +
      (explanation ? ` (${escapeMarkdownText(explanation)})` : "") +
      `. **Nothing has run yet.** Press **Run** to run ${codeSpan(command)} as yourself, or ` +
      "ignore this message to do nothing. Typing that command exactly runs it without this step.",
    fields: [
      { label: "Operation", value: intent.op },
      ...Object.entries(intent)
        .filter(([name, value]) => name !== "op" && value !== undefined)
        .map(([name, value]) => ({ label: name, value: fieldValue(value) })),
    ],
    actions: [{ id: RUN_ACTION_ID, label: "Run", style: "primary", intent }],
  };
}
