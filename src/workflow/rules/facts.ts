/**
 * Facts several rules derive from a workflow: what triggers it, whether a job publishes, how
 * many legs a matrix has, how to name a step in a message.
 *
 * @module
 */
import { isMap, isNode, isScalar, isSeq } from "yaml";
import type { Job, Step, Workflow, WorkflowFile } from "../model.ts";
import { parseUses } from "../uses.ts";

/**
 * How a step is named in messages: its `name:`, else its 1-based position.
 *
 * @example
 * ```ts
 * stepLabel(step); // "Step 'test'" or "Step #2"
 * ```
 */
export function stepLabel(step: Step): string {
  return `Step ${step.name ? `'${step.name}'` : `#${step.index + 1}`}`;
}

/**
 * The remote action a step runs (`owner/repo[/path]`, lower-cased), if any.
 *
 * @example
 * ```ts
 * actionOf(step); // "actions/checkout"
 * ```
 */
export function actionOf(step: Step): string | undefined {
  if (!step.uses) return undefined;
  const ref = parseUses(step.uses.value);
  return ref.kind === "remote" ? ref.action : undefined;
}

/**
 * True when the workflow has a trigger named `event`.
 *
 * @example
 * ```ts
 * triggeredBy(workflow, "pull_request_target");
 * ```
 */
export function triggeredBy(workflow: Workflow, event: string): boolean {
  return workflow.triggers.some((t) => t.event === event);
}

// Actions whose job is to publish something outside the repository.
const PUBLISH_ACTIONS = [
  "pypa/gh-action-pypi-publish",
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "actions/create-release",
  "actions/upload-release-asset",
  "goreleaser/goreleaser-action",
  "docker/build-push-action",
  "js-devtools/npm-publish",
  "rust-lang/crates-io-auth-action",
  "changesets/action",
  "peaceiris/actions-gh-pages",
  "actions/deploy-pages",
  "jamesives/github-pages-deploy-action",
  "svenstaro/upload-release-action",
];

// The same done from a script.
const PUBLISH_COMMAND =
  /\b(npm|pnpm|yarn)\s+publish\b|\bcargo\s+publish\b|\btwine\s+upload\b|\bpoetry\s+publish\b|\bgh\s+release\s+(create|upload)\b|\bdocker\s+push\b|\bmvn\b[^\n]*\bdeploy\b|\bgradlew?\b[^\n]*\bpublish|\bgoreleaser\s+release\b|\bgem\s+push\b|\bdotnet\s+nuget\s+push\b|\buv\s+publish\b/;

/**
 * The step of `job` that publishes (a release, a package, an image, a site), if any.
 *
 * @example
 * ```ts
 * publishingStep(job)?.index;
 * ```
 */
export function publishingStep(job: Job): Step | undefined {
  return job.steps.find((step) => {
    const action = actionOf(step);
    if (action && PUBLISH_ACTIONS.some((a) => action === a || action.startsWith(`${a}/`))) {
      return action !== "docker/build-push-action" || step.with["push"]?.value.trim() !== "false";
    }
    return step.run !== undefined && PUBLISH_COMMAND.test(step.run.value);
  });
}

/**
 * How many runs a `strategy.matrix` starts: the product of its list dimensions, less
 * `exclude`, plus `include` entries when there is nothing to multiply. 1 without a matrix;
 * undefined when computed by an expression.
 *
 * @example
 * ```ts
 * matrixLegs({ os: ["a", "b"], node: [18, 20, 22] }); // 6
 * ```
 */
export function matrixLegs(matrix: unknown): number | undefined {
  if (matrix === undefined || matrix === null) return 1;
  if (typeof matrix !== "object" || Array.isArray(matrix)) return undefined;
  const entries = Object.entries(matrix as Record<string, unknown>);
  let product = 1;
  let dims = 0;
  for (const [key, value] of entries) {
    if (key === "include" || key === "exclude") continue;
    if (!Array.isArray(value)) return undefined;
    product *= value.length;
    dims++;
  }
  const count = (key: string) => {
    const v = (matrix as Record<string, unknown>)[key];
    return Array.isArray(v) ? v.length : 0;
  };
  if (dims === 0) return Math.max(1, count("include"));
  return Math.max(1, product - count("exclude"));
}

/**
 * The runner labels of `runs-on` as strings (a string, a list, or `{labels: …}`).
 *
 * @example
 * ```ts
 * runnerLabels(["self-hosted", "linux"]); // ["self-hosted", "linux"]
 * ```
 */
export function runnerLabels(runsOn: unknown): string[] {
  if (typeof runsOn === "string") return [runsOn];
  if (Array.isArray(runsOn)) return runsOn.map(String);
  if (runsOn && typeof runsOn === "object" && "labels" in runsOn) {
    return runnerLabels((runsOn as { labels: unknown }).labels);
  }
  return [];
}

/** Every YAML comment on `node` and inside it, leaving out the values of `skipKeys`. */
function commentsIn(node: unknown, skipKeys: readonly string[] = []): string[] {
  const out: string[] = [];
  const add = (n: unknown) => {
    if (!isNode(n)) return;
    if (n.commentBefore) out.push(n.commentBefore);
    if (n.comment) out.push(n.comment);
  };
  add(node);
  if (isMap(node)) {
    for (const pair of node.items) {
      add(pair.key);
      if (isScalar(pair.key) && skipKeys.includes(String(pair.key.value))) continue;
      out.push(...commentsIn(pair.value));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) out.push(...commentsIn(item));
  }
  return out;
}

/**
 * The YAML comments that belong to a step (above it, inside it, trailing its lines) or, without
 * `step`, to a job (above its key and on its own keys, not on its steps). Shell comments inside
 * `run:` are not YAML comments and do not count.
 *
 * @example
 * ```ts
 * ownComments(file, job, step).some((c) => /best.effort/i.test(c));
 * ```
 */
export function ownComments(file: WorkflowFile, job: Job | undefined, step?: Step): string[] {
  const base = file.kind === "workflow" ? ["jobs", job?.id ?? ""] : ["runs"];
  if (step) {
    const steps = file.doc.getIn([...base, "steps"], true);
    const above = step.index === 0 && isNode(steps) && steps.commentBefore
      ? [steps.commentBefore]
      : [];
    return [...above, ...commentsIn(file.doc.getIn([...base, "steps", step.index], true))];
  }
  const jobs = file.doc.get("jobs", true);
  const pair = isMap(jobs)
    ? jobs.items.find((p) => isScalar(p.key) && p.key.value === job?.id)
    : undefined;
  // A comment above the first job is the `jobs` mapping's own.
  const first = isMap(jobs) && pair !== undefined && jobs.items[0] === pair && jobs.commentBefore;
  return [
    ...(first ? [first] : []),
    ...(isNode(pair?.key) && pair.key.commentBefore ? [pair.key.commentBefore] : []),
    ...commentsIn(pair?.value, ["steps"]),
  ];
}
