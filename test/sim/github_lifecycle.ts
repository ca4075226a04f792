/**
 * The run lifecycle of the GitHub simulator: planned attempts move queued → in_progress →
 * completed on the sim clock. Every payload time comes from the plan, never from when the
 * simulator happened to look, so runs read the same whichever way the clock got there. Each
 * transition is announced (in time order) with snapshots of the run and job at that instant,
 * which the webhook sender turns into deliveries.
 *
 * @module
 */
import { defaultJobLog } from "./github_actions_payloads.ts";
import type { SimClock } from "./github_clock.ts";
import type { Job, WorkflowRun } from "./github_payloads.ts";
import {
  cancelJob,
  type JobPlan,
  planJobs,
  type SimArtifactSpec,
  type SimScriptResult,
} from "./github_script.ts";
import type { SimJobInput } from "./github_state.ts";

/** What the lifecycle needs from the state. */
export interface LifecycleHost {
  record(runId: number): { run: WorkflowRun; jobs: Job[] } | undefined;
  addJob(runId: number, input: SimJobInput): Job;
  logOf(jobId: number): string | undefined;
  setLog(jobId: number, text: string): void;
  addArtifact(runId: number, spec: SimArtifactSpec, createdAt: string): void;
}

/** One lifecycle transition, with snapshots taken at its instant. */
export type SimTransition =
  | {
    kind: "workflow_run";
    action: "requested" | "in_progress" | "completed";
    at: string;
    run: WorkflowRun;
  }
  | {
    kind: "workflow_job";
    action: "queued" | "in_progress" | "completed";
    at: string;
    run: WorkflowRun;
    job: Job;
  };

interface PlannedJob {
  plan: JobPlan;
  id?: number;
  logged?: boolean;
  /** Not yet created when the run was cancelled: it never exists. */
  dropped?: boolean;
}

interface Attempt {
  runId: number;
  attempt: number;
  createdAt: number;
  jobs: PlannedJob[];
  artifacts: SimArtifactSpec[];
  cancelledAt?: number;
  artifactsAdded?: boolean;
  emitted: Set<string>;
}

interface Step {
  key: string;
  at: number;
  order: number;
  kind: "workflow_run" | "workflow_job";
  action: SimTransition["action"];
  job?: PlannedJob;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function liveJobs(attempt: Attempt): PlannedJob[] {
  return attempt.jobs.filter((j) => !j.dropped);
}

function endOf(attempt: Attempt): number {
  return Math.max(attempt.createdAt, ...liveJobs(attempt).map((j) => j.plan.endAt));
}

function firstStartOf(attempt: Attempt): number | undefined {
  const starts = liveJobs(attempt).filter((j) => !j.plan.neverStarted).map((j) => j.plan.startAt);
  return starts.length ? Math.min(...starts) : undefined;
}

function stepsOf(attempt: Attempt): Step[] {
  const out: Step[] = [
    {
      key: "run:requested",
      at: attempt.createdAt,
      order: 0,
      kind: "workflow_run",
      action: "requested",
    },
  ];
  attempt.jobs.forEach((job, index) => {
    if (job.dropped) return;
    const { plan } = job;
    const base = { kind: "workflow_job" as const, job };
    if (plan.conclusion !== "skipped") {
      out.push({ ...base, key: `job:${index}:q`, at: plan.createdAt, order: 1, action: "queued" });
    }
    if (!plan.neverStarted) {
      out.push({
        ...base,
        key: `job:${index}:p`,
        at: plan.startAt,
        order: 3,
        action: "in_progress",
      });
    }
    out.push({ ...base, key: `job:${index}:c`, at: plan.endAt, order: 4, action: "completed" });
  });
  const firstStart = firstStartOf(attempt);
  if (firstStart !== undefined) {
    out.push({
      key: "run:p",
      at: firstStart,
      order: 2,
      kind: "workflow_run",
      action: "in_progress",
    });
  }
  out.push({
    key: "run:c",
    at: endOf(attempt),
    order: 5,
    kind: "workflow_run",
    action: "completed",
  });
  return out;
}

function jobFields(plan: JobPlan, id: number, t: number): Partial<Job> {
  const idle = {
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
  };
  const runner = {
    runner_id: 1 + (id % 64),
    runner_name: `GitHub Actions ${1 + (id % 64)}`,
    runner_group_id: 2,
    runner_group_name: "GitHub Actions",
  };
  if (t < plan.startAt || (plan.neverStarted && t < plan.endAt)) {
    const started = iso(plan.createdAt);
    return {
      status: "queued",
      conclusion: null,
      started_at: started,
      completed_at: null,
      ...idle,
      steps: [],
    };
  }
  const steps = plan.steps.map((s, i) => {
    const base = { name: s.name, number: i + 1 };
    if (t < s.startAt) {
      return {
        ...base,
        status: "queued" as const,
        conclusion: null,
        started_at: null,
        completed_at: null,
      };
    }
    if (t < s.endAt) {
      return {
        ...base,
        status: "in_progress" as const,
        conclusion: null,
        started_at: iso(s.startAt),
        completed_at: null,
      };
    }
    return {
      ...base,
      status: "completed" as const,
      conclusion: s.conclusion,
      started_at: iso(s.startAt),
      completed_at: iso(s.endAt),
    };
  });
  if (t < plan.endAt) {
    return {
      status: "in_progress",
      conclusion: null,
      started_at: iso(plan.startAt),
      completed_at: null,
      ...runner,
      steps,
    };
  }
  return {
    status: "completed",
    conclusion: plan.conclusion,
    started_at: iso(plan.startAt),
    completed_at: iso(plan.endAt),
    ...(plan.neverStarted ? idle : runner),
    steps,
  };
}

/**
 * Drives planned attempts along the clock.
 *
 * @example
 * ```ts
 * // Built by GitHubSimState; tests reach it through startGitHubSim().state.
 * ```
 */
export class SimLifecycle {
  readonly #host: LifecycleHost;
  readonly #clock: SimClock;
  readonly #active = new Map<number, Attempt>();
  readonly #listeners = new Set<(transition: SimTransition) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(host: LifecycleHost, clock: SimClock) {
    this.#host = host;
    this.#clock = clock;
    clock.onAdvance(() => this.tick());
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onTransition(listener: (transition: SimTransition) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether the run has an attempt still moving. */
  isActive(runId: number): boolean {
    return this.#active.has(runId);
  }

  /** Starts the planned attempt of a run the state just created (status queued). */
  start(runId: number, result: SimScriptResult): void {
    const record = this.#host.record(runId);
    if (!record) throw new Error(`GitHub sim: no run ${runId}`);
    const at = Date.parse(record.run.created_at);
    this.#begin(runId, record.run.run_attempt ?? 1, at, planJobs(result, at), result.artifacts);
  }

  #begin(
    runId: number,
    attempt: number,
    at: number,
    plans: JobPlan[],
    artifacts = [] as SimArtifactSpec[],
  ) {
    this.#active.set(runId, {
      runId,
      attempt,
      createdAt: at,
      jobs: plans.map((plan) => ({ plan })),
      artifacts,
      emitted: new Set(),
    });
    this.tick();
  }

  /** Cancels a moving run now. False when the run has no moving attempt. */
  cancel(runId: number): boolean {
    const now = this.#clock.nowMs();
    this.tick(now);
    const attempt = this.#active.get(runId);
    if (!attempt) return false;
    attempt.cancelledAt = now;
    for (const job of attempt.jobs) {
      if (job.plan.createdAt > now) job.dropped = true;
      else job.plan = cancelJob(job.plan, now) ?? job.plan;
    }
    this.tick(now);
    return true;
  }

  /**
   * Starts a new attempt of a completed run: jobs outside `again` (all when undefined, or
   * when the run has no jobs) are copied as they ended, the others planned from `result`.
   */
  rerun(runId: number, result: SimScriptResult, failedOnly: boolean): void {
    const now = this.#clock.nowMs();
    this.tick(now);
    const record = this.#host.record(runId);
    if (!record) throw new Error(`GitHub sim: no run ${runId}`);
    const { run } = record;
    const attempt = (run.run_attempt ?? 1) + 1;
    const previous = record.jobs.filter((j) => (j.run_attempt ?? 1) === attempt - 1);
    const again = previous.filter((j) => !failedOnly || j.conclusion !== "success");
    Object.assign(run, {
      run_attempt: attempt,
      status: "queued",
      conclusion: null,
      previous_attempt_url: `${run.url}/attempts/${attempt - 1}`,
      run_started_at: iso(now),
      updated_at: iso(now),
    });
    for (const job of previous) {
      if (again.includes(job)) continue;
      const { id: _id, ...fields } = structuredClone(job);
      const copy = this.#host.addJob(runId, { ...fields, run_attempt: attempt });
      this.#host.setLog(Number(copy.id), this.#host.logOf(Number(job.id)) ?? "");
    }
    const names = previous.length ? new Set(again.map((j) => j.name)) : undefined;
    this.#begin(runId, attempt, now, planJobs(result, now, names), result.artifacts);
  }

  /** Applies everything due by `now` (default: the clock), announcing transitions in order. */
  tick(now = this.#clock.nowMs()): void {
    const due: Array<[Attempt, Step]> = [];
    for (const attempt of this.#active.values()) {
      for (const step of stepsOf(attempt)) {
        if (step.at <= now && !attempt.emitted.has(step.key)) due.push([attempt, step]);
      }
    }
    due.sort(([a, x], [b, y]) => x.at - y.at || x.order - y.order || a.runId - b.runId);
    for (const [attempt, step] of due) {
      attempt.emitted.add(step.key);
      const record = this.#materialize(attempt, step.at);
      const run = structuredClone(record.run);
      const at = iso(step.at);
      const job = step.job?.id === undefined
        ? undefined
        : record.jobs.find((j) => Number(j.id) === step.job?.id);
      if (step.kind === "workflow_run") {
        this.#emit({ kind: "workflow_run", action: step.action as "requested", at, run });
      } else if (job) {
        const action = step.action as "queued";
        this.#emit({ kind: "workflow_job", action, at, run, job: structuredClone(job) });
      }
    }
    for (const attempt of [...this.#active.values()]) {
      this.#materialize(attempt, now);
      if (now >= endOf(attempt)) this.#active.delete(attempt.runId);
    }
    this.#schedule();
  }

  /** Stops the automatic timer. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #emit(transition: SimTransition): void {
    for (const listener of this.#listeners) listener(transition);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    // Step progress needs no wake-up: every API request ticks first.
    let next: number | undefined;
    for (const attempt of this.#active.values()) {
      for (const step of stepsOf(attempt)) {
        if (attempt.emitted.has(step.key)) continue;
        next = next === undefined ? step.at : Math.min(next, step.at);
      }
    }
    if (next === undefined) return;
    const delay = this.#clock.realDelayUntil(next);
    if (delay !== undefined) this.#timer = setTimeout(() => this.tick(), delay);
  }

  #materialize(attempt: Attempt, t: number): { run: WorkflowRun; jobs: Job[] } {
    const record = this.#host.record(attempt.runId)!;
    for (const job of attempt.jobs) {
      if (job.dropped || t < job.plan.createdAt) continue;
      if (job.id === undefined) {
        job.id = Number(
          this.#host.addJob(attempt.runId, {
            name: job.plan.name,
            labels: job.plan.labels,
            run_attempt: attempt.attempt,
            created_at: iso(job.plan.createdAt),
          }).id,
        );
      }
      const payload = record.jobs.find((j) => Number(j.id) === job.id)!;
      Object.assign(payload, jobFields(job.plan, job.id, t));
      if (t >= job.plan.endAt && !job.logged) {
        job.logged = true;
        this.#host.setLog(job.id, job.plan.log ?? defaultJobLog(payload));
      }
    }
    const end = endOf(attempt);
    const firstStart = firstStartOf(attempt);
    const completed = t >= end;
    const jobs = liveJobs(attempt).map((j) => j.plan.conclusion);
    const conclusion = attempt.cancelledAt !== undefined
      ? "cancelled"
      : jobs.includes("failure")
      ? "failure"
      : "success";
    const last = Math.max(
      attempt.createdAt,
      ...stepsOf(attempt).map((s) => s.at).filter((at) => at <= t),
    );
    Object.assign(record.run, {
      status: completed
        ? "completed"
        : firstStart !== undefined && t >= firstStart
        ? "in_progress"
        : "queued",
      conclusion: completed ? conclusion : null,
      run_started_at: iso(attempt.createdAt),
      updated_at: iso(last),
    });
    if (completed && attempt.cancelledAt === undefined && !attempt.artifactsAdded) {
      attempt.artifactsAdded = true;
      for (const spec of attempt.artifacts) {
        this.#host.addArtifact(attempt.runId, spec, iso(end));
      }
    }
    return record;
  }
}
