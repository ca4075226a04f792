/**
 * "Which workflow?" (issue 15, ask instead of failing): a `test` that names no workflow on a
 * repository with several dispatchable ones is answered with a question — one button per
 * workflow that has `workflow_dispatch`, each running the same intent with that workflow, as
 * whoever presses it (through the same authorization as a typed command). It is asked before
 * the durable job is submitted, so nothing has been dispatched when the question is shown.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { CIProvider, WorkflowInfo } from "../../providers/port.ts";
import type { ReportInput } from "../../report/model.ts";
import { whichWorkflowReport, type WorkflowChoice } from "./which_workflow_report.ts";

/** Workflow files read at once: few enough not to trip GitHub's secondary rate limits. */
const READ_CONCURRENCY = 4;

/** What a missing workflow resolves to. */
export type WorkflowPick =
  | { kind: "chosen"; path: string }
  | { kind: "ask"; choices: WorkflowChoice[]; leftOut: string[] };

const fileOf = (path: string) => path.split("/").pop() ?? path;

/**
 * Picks the workflow a request that names none means: the only one, or the only dispatchable
 * one among several; several dispatchable → a choice (the others listed as left out).
 *
 * @throws {CiError} `not_found` when the repository has no workflow; `bad_request` when none
 *   of its workflows can be dispatched (the message says to add `on: workflow_dispatch`).
 * @example
 * ```ts
 * // await pickWorkflow(provider, "acme/app"); // { kind: "ask", choices: [ci.yml, e2e.yml], leftOut: ["lint.yml"] }
 * ```
 */
export async function pickWorkflow(
  provider: CIProvider,
  repo: string,
  ref?: string,
): Promise<WorkflowPick> {
  const workflows = await provider.listWorkflows(repo);
  if (workflows.length === 0) {
    throw new CiError("not_found", `${repo} has no workflows to test`, {
      hint: "Add a workflow under .github/workflows/ with `on: workflow_dispatch`.",
    });
  }
  if (workflows.length === 1) return { kind: "chosen", path: workflows[0].path };
  // The YAML reader loads only when there are workflows to read, not with the service.
  const { declaredInputs } = await import("../../workflow/dispatch_inputs.ts");
  /** An unreadable workflow is not offered: `test` on it would fail before dispatching. */
  const canDispatch = (workflow: WorkflowInfo, content: string): boolean => {
    try {
      return declaredInputs(workflow.path, content).dispatchable;
    } catch {
      return false;
    }
  };
  const check = async (w: WorkflowInfo) => {
    if (w.state !== "active") return false;
    const file = await provider.readFile(repo, w.path, ref);
    return file !== null && canDispatch(w, file.content);
  };
  const dispatchable: boolean[] = [];
  for (let i = 0; i < workflows.length; i += READ_CONCURRENCY) {
    dispatchable.push(...await Promise.all(workflows.slice(i, i + READ_CONCURRENCY).map(check)));
  }
  const choices = workflows.filter((_, i) => dispatchable[i]).map((w) => ({
    path: w.path,
    file: fileOf(w.path),
    name: w.name,
  }));
  const leftOut = workflows.filter((_, i) => !dispatchable[i]).map((w) => fileOf(w.path));
  if (choices.length === 0) {
    throw new CiError(
      "bad_request",
      `None of the ${workflows.length} workflows of ${repo}${
        ref ? ` at ${ref}` : ""
      } can be dispatched: ${leftOut.join(", ")}`,
      {
        hint: "Add `on: workflow_dispatch` to the workflow to test (and enable it if it is " +
          "disabled), then name it, e.g. " +
          `\`test repo:${repo} workflow:${leftOut[0]}\`.`,
      },
    );
  }
  if (choices.length === 1) return { kind: "chosen", path: choices[0].path };
  return { kind: "ask", choices, leftOut };
}

/**
 * Before a `test` job is submitted: an intent without a workflow gets the one it means, or a
 * "Which workflow?" question instead of running. Other intents pass through unchanged.
 *
 * @throws {CiError} as {@linkcode pickWorkflow}.
 * @example
 * ```ts
 * // const ready = await withWorkflow({ op: "test", repo: "acme/app" }, provider);
 * // "question" in ready → ready.question.title is "Which workflow?"; else ready.intent.workflow is set
 * ```
 */
export async function withWorkflow(
  intent: Intent,
  provider: CIProvider,
  defaultRepo?: string,
): Promise<{ intent: Intent } | { question: ReportInput }> {
  const repo = intent.repo ?? defaultRepo;
  // A re-run repeats runs that exist: nothing new is dispatched, so nothing is asked.
  if (
    intent.op !== "test" || intent.workflow !== undefined || repo === undefined ||
    intent.target?.startsWith("rerun:")
  ) {
    return { intent };
  }
  const pick = await pickWorkflow(provider, repo, intent.ref);
  if (pick.kind === "chosen") return { intent: { ...intent, repo, workflow: fileOf(pick.path) } };
  return { question: whichWorkflowReport({ ...intent, repo }, pick.choices, pick.leftOut) };
}
