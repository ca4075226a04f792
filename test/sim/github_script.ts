/**
 * Scripts of simulated workflow runs (per workflow: queue time, jobs with durations, steps and
 * conclusions, artifacts, a title) and their planning into a timeline of sim-clock instants.
 *
 * @module
 */

/** What a script sees of one dispatch (or re-run). */
export interface SimScriptContext {
  /** Dispatched inputs, declared defaults filled in. */
  inputs: Record<string, string>;
  /** 1 for the first dispatch of this workflow in this repository, +1 per dispatch or re-run. */
  n: number;
  /** The ref as dispatched (`main`, `refs/heads/main`). */
  ref: string;
  /** Run attempt this plan is for (2 and up for re-runs). */
  attempt: number;
}

/** A scripted step. Steps without a duration share what the job's duration leaves. */
export interface SimScriptStep {
  name: string;
  durationMs?: number;
  conclusion?: "success" | "failure" | "skipped";
}

/** A scripted job. */
export interface SimScriptJob {
  name: string;
  durationMs: number;
  /** Default success. A failure without a failed step fails the job's main step. */
  conclusion?: "success" | "failure" | "skipped";
  steps?: SimScriptStep[];
  /** The job's log text; default: generated from the steps. */
  log?: string;
  /** Jobs that must succeed first (otherwise this one is skipped), as `needs:` does. */
  needs?: string[];
  /** Queue time of this job once it can run; default the run's `queueMs`. */
  queueMs?: number;
  labels?: string[];
}

/** An artifact the run uploads (visible once the run completes, unless cancelled). */
export interface SimArtifactSpec {
  name: string;
  sizeBytes: number;
}

/** What a script returns. */
export interface SimScriptResult {
  /** Time from dispatch until a runner picks the jobs up. Default 5 000. */
  queueMs?: number;
  jobs: SimScriptJob[];
  artifacts?: SimArtifactSpec[];
  /** The run's `display_title`; default the workflow's `run-name`, else its name. */
  displayTitle?: string;
}

/** A workflow script. */
export type SimScript = (ctx: SimScriptContext) => SimScriptResult;

/** A step's planned times (epoch ms) and conclusion. */
export interface StepPlan {
  name: string;
  startAt: number;
  endAt: number;
  conclusion: "success" | "failure" | "skipped" | "cancelled";
}

/** A job's planned times (epoch ms) and conclusion. */
export interface JobPlan {
  name: string;
  /** When the job is created (queued): the attempt start, or when its needs completed. */
  createdAt: number;
  startAt: number;
  endAt: number;
  conclusion: "success" | "failure" | "skipped" | "cancelled";
  steps: StepPlan[];
  labels: string[];
  log?: string;
  /** Never picked up by a runner (skipped, or cancelled while queued). */
  neverStarted: boolean;
}

/** Default queue time of a run. */
export const DEFAULT_QUEUE_MS = 5_000;

/**
 * The script of a workflow nobody scripted: one successful 1-minute job.
 *
 * @example
 * ```ts
 * unscripted("test")({ inputs: {}, n: 1, ref: "main", attempt: 1 }).jobs[0].durationMs; // 60000
 * ```
 */
export function unscripted(jobName = "build"): SimScript {
  return () => ({ jobs: [{ name: jobName, durationMs: 60_000, conclusion: "success" }] });
}

function stepPlans(spec: SimScriptJob, startAt: number): StepPlan[] {
  const total = spec.durationMs;
  const steps: Array<SimScriptStep & { always?: boolean; main?: boolean }> = spec.steps?.length
    ? spec.steps.map((s, i, all) => ({ ...s, main: i === all.length - 1 }))
    : [
      { name: "Set up job", durationMs: Math.min(2_000, Math.round(total * 0.05)), always: true },
      { name: `Run ${spec.name}`, main: true },
      { name: "Complete job", durationMs: Math.min(1_000, Math.round(total * 0.02)), always: true },
    ];
  const fixed = steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0);
  const open = steps.filter((s) => s.durationMs === undefined).length;
  const share = open ? Math.max(0, total - fixed) / open : 0;
  const failing = spec.conclusion === "failure" && !steps.some((s) => s.conclusion === "failure")
    ? steps.findIndex((s) => s.main)
    : steps.findIndex((s) => s.conclusion === "failure");
  let at = startAt;
  return steps.map((step, index) => {
    const skipped = step.conclusion === "skipped" ||
      (failing >= 0 && index > failing && !step.always);
    const duration = skipped ? 0 : Math.round(step.durationMs ?? share);
    const plan: StepPlan = {
      name: step.name,
      startAt: at,
      endAt: at + duration,
      conclusion: skipped ? "skipped" : index === failing ? "failure" : "success",
    };
    at = plan.endAt;
    return plan;
  });
}

/**
 * Plans the jobs of one attempt starting at `at` (epoch ms). With `only`, plans just those job
 * names (a re-run); needs outside that set count as already satisfied.
 *
 * @example
 * ```ts
 * const [job] = planJobs({ queueMs: 10_000, jobs: [{ name: "t", durationMs: 300_000 }] }, 0);
 * [job.startAt, job.endAt]; // [10000, 310000]
 * ```
 */
export function planJobs(result: SimScriptResult, at: number, only?: Set<string>): JobPlan[] {
  const queueMs = result.queueMs ?? DEFAULT_QUEUE_MS;
  const specs = only
    ? [...only].map((name) =>
      result.jobs.find((j) => j.name === name) ?? unscripted(name)(ONE).jobs[0]
    )
    : result.jobs;
  const names = new Set(specs.map((s) => s.name));
  const planned = new Map<string, JobPlan>();
  const pending = [...specs];
  while (pending.length) {
    const index = pending.findIndex((s) =>
      (s.needs ?? []).every((need) => planned.has(need) || !names.has(need))
    );
    if (index < 0) {
      const stuck = pending.map((s) => s.name).join(", ");
      throw new Error(`GitHub sim: jobs ${stuck} need each other`);
    }
    const [spec] = pending.splice(index, 1);
    const needed = (spec.needs ?? []).flatMap((need) => planned.get(need) ?? []);
    const createdAt = Math.max(at, ...needed.map((j) => j.endAt));
    const labels = spec.labels ?? ["ubuntu-latest"];
    if (spec.conclusion === "skipped" || needed.some((j) => j.conclusion !== "success")) {
      planned.set(spec.name, {
        name: spec.name,
        createdAt,
        startAt: createdAt,
        endAt: createdAt,
        conclusion: "skipped",
        steps: [],
        labels,
        neverStarted: true,
      });
      continue;
    }
    const startAt = createdAt + (spec.queueMs ?? queueMs);
    const steps = stepPlans(spec, startAt);
    planned.set(spec.name, {
      name: spec.name,
      createdAt,
      startAt,
      endAt: Math.max(startAt + spec.durationMs, ...steps.map((s) => s.endAt)),
      conclusion: spec.conclusion ?? "success",
      steps,
      labels,
      ...(spec.log !== undefined ? { log: spec.log } : {}),
      neverStarted: false,
    });
  }
  return specs.map((s) => planned.get(s.name)!);
}

const ONE: SimScriptContext = { inputs: {}, n: 1, ref: "", attempt: 1 };

/**
 * Cuts a job plan short at `at` (a cancellation): running steps end cancelled, later steps are
 * skipped; a job not yet started never starts. Returns undefined when the job ended before.
 *
 * @example
 * ```ts
 * const [job] = planJobs({ queueMs: 0, jobs: [{ name: "t", durationMs: 60_000 }] }, 0);
 * cancelJob(job, 30_000)?.conclusion; // "cancelled"
 * ```
 */
export function cancelJob(job: JobPlan, at: number): JobPlan | undefined {
  if (job.endAt <= at) return undefined;
  if (job.startAt >= at) {
    return {
      ...job,
      startAt: at,
      endAt: at,
      conclusion: "cancelled",
      steps: [],
      neverStarted: true,
    };
  }
  const steps = job.steps.map((step): StepPlan => {
    if (step.endAt <= at) return step;
    if (step.startAt < at) return { ...step, endAt: at, conclusion: "cancelled" };
    return { ...step, startAt: at, endAt: at, conclusion: "skipped" };
  });
  return { ...job, endAt: at, conclusion: "cancelled", steps };
}

/**
 * A workflow's `run-name` with its expressions evaluated as GitHub does for a dispatch
 * (`inputs.x`, `github.event.inputs.x`, `github.ref_name`, `github.actor`, `github.workflow`;
 * anything else is empty).
 *
 * @example
 * ```ts
 * renderRunName("CI ${{ inputs.id }}", { inputs: { id: "42" }, ref: "main", actor: "a", workflow: "CI" });
 * // "CI 42"
 * ```
 */
export function renderRunName(
  template: string,
  ctx: { inputs: Record<string, string>; ref: string; actor: string; workflow: string },
): string {
  return template.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(expression) ??
      /^(?:github\.event\.)?inputs\[['"]([\w-]+)['"]\]$/.exec(expression);
    if (input) return ctx.inputs[input[1]] ?? "";
    if (expression === "github.ref_name") return ctx.ref.replace(/^refs\/(heads|tags)\//, "");
    if (expression === "github.ref") return ctx.ref;
    if (expression === "github.actor" || expression === "github.triggering_actor") {
      return ctx.actor;
    }
    if (expression === "github.workflow") return ctx.workflow;
    if (expression === "github.event_name") return "workflow_dispatch";
    return "";
  });
}
