/**
 * `cache-poisoning`: a job that publishes (release, package, image) restores a cache, so a cache
 * entry written by a less trusted run can end up inside what is published.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Step, Workflow } from "../model.ts";
import { majorVersion, parseUses } from "../uses.ts";
import { publishingStep } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";
import { SETUP_ACTIONS } from "./setup_without_cache.ts";

// Actions that restore a cache unless an input says otherwise (input → the value that disables).
const CACHE_RESTORERS: Record<string, { input?: string; off?: string }> = {
  "actions/cache": { input: "lookup-only", off: "true" },
  "actions/cache/restore": {},
  "swatinem/rust-cache": { input: "lookup-only", off: "true" },
  "gradle/actions/setup-gradle": { input: "cache-disabled", off: "true" },
  "gradle/gradle-build-action": { input: "cache-disabled", off: "true" },
  "mozilla-actions/sccache-action": {},
  "astral-sh/setup-uv": { input: "enable-cache", off: "false" },
};

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === "true";

/** How the step restores a cache, or undefined when it does not. */
function restoresCache(step: Step): { disable?: Record<string, string> } | undefined {
  if (!step.uses) return undefined;
  const ref = parseUses(step.uses.value);
  if (ref.kind !== "remote") return undefined;
  const restorer = CACHE_RESTORERS[ref.action];
  if (restorer) {
    const given = restorer.input ? step.with[restorer.input]?.value.trim() : undefined;
    if (restorer.off !== undefined && given === restorer.off) return undefined;
    return restorer.input ? { disable: { [restorer.input]: restorer.off! } } : {};
  }
  const setup = SETUP_ACTIONS[ref.action];
  if (!setup) return undefined;
  const given = step.with[setup.input]?.value.trim();
  const major = majorVersion(ref.ref, step.uses.comment);
  const defaultOn = setup.onByDefaultSince !== undefined &&
    (major === undefined || major >= setup.onByDefaultSince);
  const on = defaultOn
    ? given !== "false"
    : given !== undefined && given !== "" && given !== "false";
  if (!on) return undefined;
  return { disable: { [setup.input]: defaultOn || isTrue(given) ? "false" : "''" } };
}

/** The trigger that makes this a release workflow, if any. */
function releaseTrigger(workflow: Workflow): string | undefined {
  for (const t of workflow.triggers) {
    if (t.event === "release") return "release";
    const config = t.config as Record<string, unknown> | null;
    if (t.event === "push" && config && typeof config === "object" && "tags" in config) {
      return "push of tags";
    }
  }
  const events = new Set(workflow.triggers.map((t) => t.event));
  if (events.has("workflow_dispatch") && !events.has("push") && !events.has("pull_request")) {
    return "workflow_dispatch";
  }
  return undefined;
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * cachePoisoning.check(file).map((f) => f.message);
 * ```
 */
export const cachePoisoning: Rule = {
  id: "cache-poisoning",
  severity: "warning",
  level: "pedantic",
  confidence: "medium",
  title: "Cache restored in a job that publishes a release",
  rationale:
    "Caches are shared across runs of the repository: one poisoned by a less trusted run ends up in the published artifact.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    const workflowTrigger = releaseTrigger(file);
    for (const job of file.jobs) {
      const trigger = workflowTrigger ??
        (/refs\/tags\//.test(job.condition?.value ?? "") ? "a tag condition" : undefined);
      const publishes = publishingStep(job);
      if (!trigger || !publishes) continue;
      for (const step of job.steps) {
        const cache = restoresCache(step);
        if (!cache || !step.uses) continue;
        const disable = cache.disable;
        out.push(finding(
          this,
          file,
          step.uses.pos,
          `Job '${job.id}' restores a cache with '${step.uses.value}' and publishes ` +
            `(step ${publishes.index + 1}) in a workflow triggered by ${trigger}`,
          {
            text: disable
              ? "Build release artifacts from a clean state: turn the cache off in this job."
              : "Build release artifacts from a clean state: remove this cache step from the job.",
            ...(disable
              ? {
                patch: `- uses: ${step.uses.value}\n  with:\n` +
                  Object.entries(disable).map(([k, v]) => `    ${k}: ${v}`).join("\n"),
              }
              : {}),
          },
          job.id,
        ));
      }
    }
    return out;
  },
};
