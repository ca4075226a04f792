/**
 * The resolved pipeline → one GitHub Actions workflow object: stages become `needs`, rules
 * become triggers and `if:`, artifacts flow to dependent jobs.
 *
 * @module
 */
import type { Audit } from "./gitlab_audit.ts";
import { translateExpr } from "./gitlab_expr.ts";
import { convertJob, type JobDraft } from "./gitlab_job.ts";
import { isRawMap, type Locations, type Raw, type RawMap, text } from "./gitlab_parse.ts";
import type { Pipeline } from "./gitlab_resolve.ts";
import { ifExpression } from "./gitlab_rules.ts";
import { downloadSteps } from "./gitlab_steps.ts";
import { predefined } from "./gitlab_predefined.ts";
import { expandValue, predefinedValue, variableValue } from "./gitlab_vars.ts";

/** Inputs of {@linkcode buildWorkflow}. */
export interface BuildInput {
  path: string;
  pipeline: Pipeline;
  locs: Locations;
  audit: Audit;
  defaultRunner: string;
}

/** The workflow and how many jobs it has. */
export interface BuiltWorkflow {
  workflow: Record<string, unknown>;
  jobCount: number;
}

const DEFAULT_STAGES = ["build", "test", "deploy"];

/**
 * Builds the workflow object.
 *
 * @example
 * ```ts
 * const { workflow } = buildWorkflow({ path, pipeline, locs, audit, defaultRunner: "ubuntu-latest" });
 * Object.keys(workflow); // ["name", "on", "permissions", "env", "jobs"]
 * ```
 */
export function buildWorkflow(input: BuildInput): BuiltWorkflow {
  const { path, pipeline, locs, audit } = input;
  const root = pipeline.root;
  const top = (key: string) => ({ file: path, line: locs.lineOf(root, key) });
  const stagesRaw = root.stages ?? root.types;
  const declared = Array.isArray(stagesRaw) ? stagesRaw.map(text) : DEFAULT_STAGES;
  const stages = [".pre", ...declared.filter((s) => s !== ".pre" && s !== ".post"), ".post"];

  const globals: Record<string, string> = {};
  const env: Record<string, string> = {};
  const perJobGlobals: Record<string, string> = {};
  if (isRawMap(root.variables)) {
    for (const [k, v] of Object.entries(root.variables)) {
      const val = variableValue(v);
      if (!val) {
        audit.notConverted(top("variables"), `variables: ${k} has an unknown shape; ignored`);
        continue;
      }
      globals[k] = val.value;
    }
    for (const [k, v] of Object.entries(globals)) {
      if (k.startsWith("GIT_")) continue;
      const scope = { ...globals };
      delete scope[k];
      const expanded = expandValue(v, scope);
      // A value built from a step output ($CI_COMMIT_SHORT_SHA) or a per-job value
      // ($CI_JOB_NAME) cannot be workflow env: the jobs that use it set it.
      const perJob = expanded.unmapped.filter((n) =>
        predefinedValue(n, { inStep: true }) || predefined(n)?.kind === "job"
      );
      if (perJob.length) {
        perJobGlobals[k] = v;
        audit.converted(
          top("variables"),
          `variables: ${k} reads ${
            perJob.map((n) => `$${n}`).join(", ")
          }, known per job or computed by a step; the jobs that use it set it`,
        );
        continue;
      }
      if (expanded.unmapped.length) {
        audit.change(
          top("variables"),
          `variables: ${k} refers to ${
            expanded.unmapped.map((n) => `$${n}`).join(", ")
          }, which GitHub does not expand in env values; left as written`,
        );
      }
      env[k] = expanded.text;
    }
    audit.converted(
      top("variables"),
      `Global variables became workflow env (${Object.keys(env).length})`,
    );
  }

  const ids = new Set<string>();
  const drafts: JobDraft[] = [];
  for (const job of pipeline.jobs) {
    const draft = convertJob(job, {
      path,
      audit,
      locs,
      defaultRunner: input.defaultRunner,
      globals,
      workflowEnv: new Set(Object.keys(env)),
      perJobGlobals,
      ids,
    });
    if (!draft) continue;
    if (!stages.includes(draft.stage)) {
      audit.notConverted({
        file: job.file,
        line: locs.lineOf(job.config, "stage") ?? job.line,
        job: job.name,
      }, `stage: ${draft.stage} is not declared in stages; the job runs with the last stage`);
      draft.stage = stages[stages.length - 2] ?? "test";
    }
    drafts.push(draft);
  }
  const byName = new Map(drafts.map((d) => [d.source.name, d]));
  const stageIndex = (d: JobDraft) => stages.indexOf(d.stage);

  const triggers = workflowTriggers(root, drafts, path, locs, audit, globals);
  const noRulesInPr = !isRawMap(root.workflow) || root.workflow.rules === undefined;
  const jobs: Record<string, unknown> = {};
  const ifOf = new Map<JobDraft, string | null>();
  const ordered = [...drafts].sort((a, b) => stageIndex(a) - stageIndex(b));
  for (const d of ordered) {
    const at = { file: d.source.file, line: d.source.line, job: d.source.name };
    let needs: JobDraft[];
    if (d.needs) {
      needs = [];
      for (const n of d.needs) {
        const target = byName.get(n.job);
        if (target === d) {
          audit.notConverted(
            { ...at, line: locs.lineOf(d.source.config, "needs") },
            `needs: ${n.job} names the job itself; dropped`,
          );
        } else if (target) needs.push(target);
        else {audit.notConverted(
            { ...at, line: locs.lineOf(d.source.config, "needs") },
            `needs: ${n.job} is not a converted job; dropped`,
          );}
      }
    } else {
      const earlier = stages.slice(0, stageIndex(d)).reverse().find((s) =>
        drafts.some((o) => o.stage === s)
      );
      needs = earlier ? drafts.filter((o) => o.stage === earlier) : [];
    }
    // A needed job that may be skipped would skip this one too; GitLab runs it anyway.
    const skippable = needs.some((n) => ifOf.get(n) !== null);
    let disjuncts = d.condition.disjuncts;
    if (!d.condition.restricted && noRulesInPr && triggers.events.has("pull_request")) {
      disjuncts = (disjuncts ?? [{ cond: null, status: "success", manual: false }]).map((x) => ({
        ...x,
        cond: [x.cond, "github.event_name != 'pull_request'"].filter(Boolean).join(" && "),
      }));
    }
    if (disjuncts && disjuncts.length === 0) {
      audit.notConverted(at, "The job's rules never let it run; it is kept with if: false");
    }
    const cond = ifExpression(disjuncts, skippable);
    ifOf.set(d, cond);

    const sourcesOf = (): JobDraft[] => {
      if (d.dependencies) {
        return d.dependencies.map((n) => byName.get(n)).filter((x): x is JobDraft => !!x);
      }
      if (d.needs) {
        return d.needs.filter((n) => n.artifacts).map((n) => byName.get(n.job)).filter((
          x,
        ): x is JobDraft => !!x);
      }
      return drafts.filter((o) => stageIndex(o) < stageIndex(d));
    };
    const sources = sourcesOf().filter((s) => s.artifactName);
    if (sources.length) {
      audit.converted(
        at,
        `Artifacts of ${
          sources.map((s) => s.id).join(", ")
        } are downloaded (GitLab passes earlier stages' artifacts)`,
      );
    }
    const body: Record<string, unknown> = {};
    if (d.body.name) body.name = d.body.name;
    if (needs.length) body.needs = needs.map((n) => n.id);
    if (cond) body.if = cond;
    for (const [k, v] of Object.entries(d.body)) if (k !== "name") body[k] = v;
    body.steps = [
      ...d.steps.setup,
      ...downloadSteps(
        sources.map((s) => ({ artifact: s.artifactName!, matrix: s.matrix, id: s.id })),
      ),
      ...d.steps.main,
    ];
    jobs[d.id] = body;
  }
  const workflow: Record<string, unknown> = {};
  workflow.name = isRawMap(root.workflow) && typeof root.workflow.name === "string"
    ? root.workflow.name
    : `GitLab CI (converted from ${path})`;
  workflow.on = triggerObject(triggers);
  workflow.permissions = { contents: "read" };
  if (Object.keys(env).length) workflow.env = env;
  workflow.jobs = jobs;
  return { workflow, jobCount: drafts.length };
}

/** Events the workflow triggers on: `push:branches`, `push:tags`, `pull_request`, … */
function workflowTriggers(
  root: RawMap,
  drafts: JobDraft[],
  path: string,
  locs: Locations,
  audit: Audit,
  globals: Record<string, string>,
): Triggers {
  const events = new Set<string>(["workflow_dispatch"]);
  const paths = new Set<string>();
  let everyRuleHasChanges = true;
  const wf = root.workflow;
  for (const d of drafts) for (const e of d.condition.events) events.add(e);
  if (isRawMap(wf) && wf.rules !== undefined) {
    const rules: Raw[] = Array.isArray(wf.rules) ? wf.rules : [wf.rules];
    const at = { file: path, line: locs.lineOf(wf, "rules") };
    for (const rule of rules) {
      if (!isRawMap(rule)) continue;
      const ruleAt = { ...at, line: locs.lineOf(rule) ?? at.line };
      if (rule.when === "never") {
        audit.change(
          ruleAt,
          `workflow: rules entry with when: never (${
            text(rule.if ?? "")
          }) is not applied; GitHub triggers cannot exclude by condition`,
        );
        continue;
      }
      const changes = isRawMap(rule.changes) ? rule.changes.paths : rule.changes;
      if (Array.isArray(changes) && changes.every((c) => typeof c === "string")) {
        for (const c of changes) paths.add(c as string);
      } else {
        everyRuleHasChanges = false;
        if (changes !== undefined) {
          audit.notConverted(
            ruleAt,
            "workflow: rules changes of an unknown shape was not converted",
          );
        }
      }
      if (rule.exists !== undefined) {
        audit.notConverted(ruleAt, "workflow: rules exists has no trigger equivalent");
      }
      if (rule.variables !== undefined) {
        audit.notConverted(ruleAt, "workflow: rules variables were not converted");
      }
      if (rule.if === undefined) {
        events.add("push:branches").add("push:tags");
        continue;
      }
      const t = translateExpr(text(rule.if), globals);
      if (t.ok && t.events.size) {
        for (const e of t.events) events.add(e);
        audit.converted(
          ruleAt,
          `workflow: rules if: ${text(rule.if)} → triggers ${[...t.events].join(", ")}`,
        );
      } else {
        audit.notConverted(
          ruleAt,
          `workflow: rules if: ${text(rule.if)} has no trigger equivalent${
            t.ok ? "" : ` (${t.reason})`
          }`,
        );
      }
    }
  } else {
    events.add("push:branches").add("push:tags");
  }
  if (isRawMap(wf)) {
    for (const key of Object.keys(wf)) {
      if (key !== "rules" && key !== "name") {
        audit.notConverted(
          { file: path, line: locs.lineOf(wf, key) },
          `workflow: ${key} was not converted`,
        );
      }
    }
  }
  if (events.has("schedule")) {
    audit.change(
      { file: path },
      "GitLab schedules live in the project settings: the workflow gets a placeholder weekly cron; set the real one",
    );
  }
  if (events.has("repository_dispatch")) {
    audit.change(
      { file: path },
      "Trigger-token pipelines became repository_dispatch: callers must use the GitHub API instead",
    );
  }
  if (paths.size && !everyRuleHasChanges) {
    audit.notConverted(
      { file: path, line: locs.lineOf(wf as RawMap, "rules") },
      "workflow: rules changes apply to some rules only; no paths filter was set",
    );
  }
  if (paths.size && everyRuleHasChanges) {
    audit.converted(
      { file: path, line: locs.lineOf(wf as RawMap, "rules") },
      `workflow: rules changes became paths filters (${[...paths].join(", ")})`,
    );
  }
  return { events, paths: everyRuleHasChanges && paths.size ? [...paths] : null };
}

/** The workflow's events and, when every workflow rule tests `changes`, its paths filter. */
interface Triggers {
  events: Set<string>;
  paths: string[] | null;
}

function triggerObject({ events, paths }: Triggers): Record<string, unknown> {
  const on: Record<string, unknown> = {};
  const branches = events.has("push:branches");
  const tags = events.has("push:tags");
  if (branches || tags || events.has("push")) {
    const push: Record<string, unknown> = {};
    if (branches || events.has("push")) push.branches = ["**"];
    if (tags) push.tags = ["**"];
    if (paths) push.paths = paths;
    on.push = push;
  }
  if (events.has("pull_request")) on.pull_request = paths ? { paths } : {};
  if (events.has("schedule")) on.schedule = [{ cron: "0 4 * * 1" }];
  if (events.has("repository_dispatch")) on.repository_dispatch = {};
  on.workflow_dispatch = {};
  return on;
}
