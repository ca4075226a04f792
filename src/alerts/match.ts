/**
 * Which subscriptions a completed run alerts, and why. Outcomes: `failure` (failure, timed out,
 * startup failure), `recovery` (a success right after a failure of the same workflow on the
 * same branch), or `other` (cancelled, skipped, a success after a success…). `on:always`
 * subscriptions get every completed run.
 *
 * @module
 */
import type { RunInfo } from "../providers/port.ts";
import type { Subscription } from "./model.ts";

/** Conclusions that count as a failure. */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set([
  "failure",
  "timed_out",
  "startup_failure",
]);

/** How a completed run turned out, for alerting. */
export type Outcome = "failure" | "recovery" | "success" | "other";

/**
 * Classifies a conclusion given the previous failure/success conclusion of the same workflow
 * on the same branch (`undefined` when none is known).
 *
 * @example
 * ```ts
 * outcomeOf("success", "failure"); // "recovery"
 * outcomeOf("success", undefined); // "success"
 * outcomeOf("timed_out", "success"); // "failure"
 * ```
 */
export function outcomeOf(conclusion: string | null, previous: string | undefined): Outcome {
  if (conclusion !== null && FAILED_CONCLUSIONS.has(conclusion)) return "failure";
  if (conclusion === "success") {
    return previous !== undefined && FAILED_CONCLUSIONS.has(previous) ? "recovery" : "success";
  }
  return "other";
}

/**
 * Whether a conclusion updates the "last known" state used for recovery: cancelled or skipped
 * runs say nothing about whether the workflow is healthy.
 *
 * @example
 * ```ts
 * countsForRecovery("cancelled"); // false
 * ```
 */
export function countsForRecovery(conclusion: string | null): boolean {
  return conclusion === "success" || (conclusion !== null && FAILED_CONCLUSIONS.has(conclusion));
}

/**
 * The file name of a workflow path (`.github/workflows/ci.yml` → `ci.yml`).
 *
 * @example
 * ```ts
 * workflowFile(".github/workflows/ci.yml@refs/heads/main"); // "ci.yml"
 * ```
 */
export function workflowFile(path: string): string {
  return path.replace(/@.*$/, "").split("/").pop() ?? path;
}

/**
 * Whether a subscription's workflow filter names this run's workflow: its file name, its path,
 * or its display name (case-insensitive).
 *
 * @example
 * ```ts
 * workflowMatches("ci.yml", { name: "CI", path: ".github/workflows/ci.yml" }); // true
 * workflowMatches("CI", { name: "CI", path: ".github/workflows/ci.yml" }); // true
 * ```
 */
export function workflowMatches(filter: string, run: Pick<RunInfo, "name" | "path">): boolean {
  const f = filter.toLowerCase().replace(/^\.\//, "");
  const path = (run.path ?? "").replace(/@.*$/, "").toLowerCase();
  return f === path || (path !== "" && f === workflowFile(path)) || f === run.name.toLowerCase();
}

/**
 * Whether a run with this outcome alerts the subscription.
 *
 * @example
 * ```ts
 * // matches(sub, run, "failure")
 * ```
 */
export function matches(
  sub: Subscription,
  run: Pick<RunInfo, "name" | "path" | "headBranch" | "event">,
  outcome: Outcome,
): boolean {
  if (sub.workflow !== undefined && !workflowMatches(sub.workflow, run)) return false;
  if (sub.branch !== undefined && sub.branch !== run.headBranch) return false;
  if (sub.event !== undefined && sub.event !== run.event) return false;
  if (sub.on === "always") return true;
  if (sub.on === "failure") return outcome === "failure";
  return outcome === "recovery";
}

/**
 * What `on` means in words.
 *
 * @example
 * ```ts
 * whatText("failure"); // "failures"
 * ```
 */
export function whatText(on: Subscription["on"]): string {
  return on === "always" ? "every completed run" : on === "failure" ? "failures" : "recoveries";
}

/**
 * The one line that says why a conversation received an alert.
 *
 * @example
 * ```ts
 * whyLine({ repo: "acme/app", on: "failure", workflow: "ci.yml", branch: "main" } as Subscription);
 * // "You subscribed to failures of ci.yml on main in acme/app."
 * ```
 */
export function whyLine(
  sub: Pick<Subscription, "repo" | "on" | "workflow" | "branch" | "event">,
): string {
  const of = sub.workflow ?? "any workflow";
  const on = sub.branch ? ` on ${sub.branch}` : "";
  const event = sub.event ? ` (${sub.event} runs)` : "";
  return `You subscribed to ${whatText(sub.on)} of ${of}${on}${event} in ${sub.repo}.`;
}

/**
 * The subscriptions a run alerts, one per conversation (the most specific filter explains it).
 *
 * @example
 * ```ts
 * // const targets = recipients(await subscriptionsOfRepo(store, repo), run, outcome);
 * ```
 */
export function recipients(
  subs: readonly Subscription[],
  run: Pick<RunInfo, "name" | "path" | "headBranch" | "event">,
  outcome: Outcome,
): Subscription[] {
  const specificity = (s: Subscription) =>
    [s.workflow, s.branch, s.event].filter((v) => v !== undefined).length;
  const best = new Map<string, Subscription>();
  for (const sub of subs) {
    if (!matches(sub, run, outcome)) continue;
    const key = `${sub.conversation.surface}:${sub.conversation.id}`;
    const current = best.get(key);
    if (!current || specificity(sub) > specificity(current)) best.set(key, sub);
  }
  return [...best.values()];
}
