/**
 * What a conversation's repositories look like in a reply: the question asked when a request
 * names no repository ("Which repository?", one button per recent choice) and the answer to
 * `use`. A choice button runs the same intent with that repository, as whoever presses it,
 * through the same authorization as a typed command: the question itself grants nothing.
 *
 * @module
 */
import { intentToCommand } from "./intent/format.ts";
import type { Intent } from "./intent/schema.ts";
import { codeSpan } from "./report/markup.ts";
import type { ReportInput } from "./report/model.ts";

/** The hint every reply about a missing repository ends with. */
export const USE_HINT = "Type `use owner/repo` to set this conversation's default repository; " +
  "requests that name none then run on it.";

/**
 * The question asked instead of an error: `intent` with one button per repository in
 * `choices` (most recent first), each running `{ ...intent, repo }`.
 *
 * @example
 * ```ts
 * const report = whichRepositoryReport({ op: "analyze" }, ["acme/app"]);
 * report.title; // "Which repository?"
 * report.actions?.[0].intent; // { op: "analyze", repo: "acme/app" }
 * ```
 */
export function whichRepositoryReport(intent: Intent, choices: readonly string[]): ReportInput {
  const command = intentToCommand(intent);
  return {
    title: "Which repository?",
    status: "neutral",
    summary: `${codeSpan(command)} needs a repository. **Nothing has run yet.** Press one used ` +
      `recently in this conversation to run ${codeSpan(command)} on it as yourself, or type ` +
      `the command with \`repo:owner/name\`. ${USE_HINT}`,
    fields: [{ label: "Command", value: command }],
    actions: choices.map((repo, i) => ({
      id: `repo-${i + 1}`,
      label: repo,
      style: i === 0 ? "primary" : "default",
      intent: { ...intent, repo },
    })),
  };
}

/**
 * The answer to `use`: the default just set, the current one, or that there is none.
 *
 * @example
 * ```ts
 * useReport("acme/app", true).title; // "Default repository: acme/app"
 * useReport(null, false).title; // "No default repository"
 * ```
 */
export function useReport(repo: string | null, changed: boolean): ReportInput {
  if (repo === null) {
    return {
      title: "No default repository",
      status: "neutral",
      summary: `This conversation has no default repository. ${USE_HINT}`,
    };
  }
  return {
    title: `Default repository: ${repo}`,
    status: changed ? "success" : "neutral",
    summary: (changed ? "Set. " : "") +
      `Requests in this conversation that name no repository run on ${codeSpan(repo)}, ` +
      "each authorized for whoever sends it. Type `use owner/repo` to change it.",
    fields: [{ label: "Repository", value: repo }],
  };
}
