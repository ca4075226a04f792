/**
 * Which superseded runs a concurrency change cancels, decided by the workflow's own triggers: a
 * pull-request cancellation only for a workflow that runs on `pull_request`; for push-only
 * workflows, runs on feature branches (a choice left to a human, so no patch).
 *
 * @module
 */
import type { WorkflowFile } from "../../workflow/model.ts";
import type { SupersedeScope } from "./superseded.ts";

/** Branches whose every commit is usually built on purpose: never counted as superseded. */
export const KEPT_BRANCHES: ReadonlySet<string> = new Set(["main", "master", "trunk", "develop"]);

/** The cancellation a suggestion is about. */
export interface ConcurrencyScope extends SupersedeScope {
  kind: "pull_request" | "push";
  /** "pull-request runs" / "push runs on feature branches". */
  what: string;
}

/**
 * The scope for a workflow, or undefined when it has neither trigger.
 *
 * @example
 * ```ts
 * concurrencyScope(file)?.kind; // "pull_request" when `on:` lists pull_request
 * ```
 */
export function concurrencyScope(file: WorkflowFile): ConcurrencyScope | undefined {
  if (file.kind !== "workflow") return undefined;
  const events = new Set(file.triggers.map((t) => t.event));
  if (events.has("pull_request")) {
    return { kind: "pull_request", what: "pull-request runs", events: new Set(["pull_request"]) };
  }
  if (events.has("push")) {
    return {
      kind: "push",
      what: "push runs on feature branches",
      events: new Set(["push"]),
      keepBranches: KEPT_BRANCHES,
    };
  }
  return undefined;
}

/** `cancel-in-progress` that cancels pull-request runs only (pushes stay complete). */
export const CANCEL_PULL_REQUESTS = "${{ github.event_name == 'pull_request' }}";

/**
 * What re-analysing a patched workflow must show for a pull-request cancellation: it runs on
 * `pull_request`, and its concurrency cancels pull-request runs. Undefined when it holds, else the
 * problem in words.
 *
 * @example
 * ```ts
 * pullRequestCancelProblem(patchedFile); // undefined
 * ```
 */
export function pullRequestCancelProblem(file: WorkflowFile): string | undefined {
  if (file.kind !== "workflow") return "not a workflow";
  if (!file.triggers.some((t) => t.event === "pull_request")) {
    return "the workflow has no pull_request trigger, so cancelling pull-request runs changes nothing";
  }
  const group = file.concurrency?.group ?? "";
  if (!/github\.(?:ref|head_ref)\b|pull_request\.number/.test(group)) {
    return `the concurrency group \`${group || "(none)"}\` is shared by every branch and pull ` +
      "request, so cancelling would stop other branches' runs; give it a per-ref group by hand";
  }
  const cancel = file.concurrency?.cancelInProgress;
  if (cancel !== true && !(typeof cancel === "string" && /'pull_request'/.test(cancel))) {
    return "the patched concurrency does not cancel pull-request runs";
  }
  return undefined;
}
