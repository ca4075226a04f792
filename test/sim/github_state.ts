/**
 * The scriptable state the GitHub simulator (`github.ts`) serves over HTTP: repositories with
 * branches and files, workflows derived from those files, runs, jobs, logs, pull requests and
 * dispatches, changed by tests directly or by the API routes.
 *
 * @module
 */
import {
  fullRepository,
  type Hosts,
  type Job,
  type JobStep,
  type PullRequest,
  randomSha,
  type RepoFacts,
  type Schemas,
  type Workflow,
  type WorkflowRun,
} from "./github_payloads.ts";
import {
  type Artifact,
  artifactPayload,
  defaultJobLog,
  jobPayload,
  stepPayload,
  workflowPayload,
  workflowRunPayload,
} from "./github_actions_payloads.ts";
import { SimClock } from "./github_clock.ts";
import type { SimTag } from "./github_tags.ts";
import { SimLifecycle } from "./github_lifecycle.ts";
import { type SimLogBlob, textLog } from "./github_logs.ts";
import {
  checkDispatchInputs,
  firstJobName,
  type RunFilters,
  runMatches,
  runNameOf,
  workflowName,
} from "./github_queries.ts";
import {
  renderRunName,
  type SimArtifactSpec,
  type SimScript,
  type SimScriptResult,
  unscripted,
} from "./github_script.ts";

const DAY_MS = 86_400_000;

/** A branch: head commit and the files at it. */
export interface SimBranch {
  sha: string;
  files: Map<string, string>;
}

/** A repository in the simulator. */
export interface SimRepo {
  facts: RepoFacts;
  fullName: string;
  defaultBranch: string;
  branches: Map<string, SimBranch>;
  /** Tags by name (`github_tags.ts`: `addTag`). */
  tags: Map<string, SimTag>;
  pulls: PullRequest[];
  /** Stable ids of workflow files, assigned when first seen. */
  workflowIds: Map<string, { id: number; createdAt: string }>;
}

/** How a test describes a repository. */
export interface SimRepoInput {
  defaultBranch?: string;
  /** Files on the default branch; workflows are the ones under `.github/workflows/`. */
  files?: Record<string, string>;
  /** Further branches with their files. */
  branches?: Record<string, Record<string, string>>;
  private?: boolean;
}

/** A job to add: any job field, a name, partial steps, and its log text. */
export type SimJobInput = Partial<Omit<Job, "steps">> & {
  name: string;
  steps?: Array<Partial<JobStep> & { name: string }>;
  log?: string;
};

/** A run to add: any run field, plus the workflow (path or file name), jobs and logs by job name. */
export type SimRunInput = Partial<Omit<WorkflowRun, "actor">> & {
  workflow?: string;
  actor?: string;
  jobs?: SimJobInput[];
  logs?: Record<string, string>;
  artifacts?: SimArtifactSpec[];
};

/** Options of {@linkcode GitHubSimState}. */
export interface SimStateOptions {
  /** Login of the user dispatches run as (`actor`, `triggering_actor`). Default `octocat`. */
  actor?: string;
}

/**
 * Everything the simulator serves, scriptable from tests.
 *
 * @example
 * ```ts
 * const state = new GitHubSimState({ api: "http://x", web: "http://x" }, () => new Date());
 * state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": "name: CI\non: push\n" } });
 * state.addRun("acme/app", { workflow: "ci.yml", conclusion: "failure", jobs: [{ name: "build" }] });
 * ```
 */
export class GitHubSimState {
  readonly hosts: Hosts;
  /** Core rate limit; set `remaining` to 0 to make every API call fail with 403. */
  readonly rateLimit: { limit: number; remaining: number; reset: number };
  /** Every accepted dispatch, in order (`n` as the workflow's script saw it). */
  readonly dispatches: Array<{
    repo: string;
    workflow: string;
    ref: string;
    inputs: Record<string, string>;
    runId: number;
    n: number;
  }> = [];
  /** The sim clock every timestamp comes from. */
  readonly clock: SimClock;
  /** Moves dispatched and re-run runs along the clock. */
  readonly lifecycle: SimLifecycle;
  /** Login dispatches run as. */
  readonly actor: string;
  readonly #now: () => Date;
  readonly #repos = new Map<string, SimRepo>();
  readonly #runs = new Map<number, { repo: string; run: WorkflowRun; jobs: Job[] }>();
  readonly #logs = new Map<number, string>();
  readonly #largeLogs = new Map<number, SimLogBlob>();
  readonly #artifacts = new Map<number, Artifact[]>();
  readonly #scripts = new Map<string, SimScript>();
  readonly #counts = new Map<string, number>();
  #nextId = {
    repo: 70_000_000,
    workflow: 110_000_000,
    run: 12_000_000_000,
    job: 33_000_000_000,
    artifact: 4_000_000_000,
  };

  constructor(hosts: Hosts, clock: SimClock | (() => Date), options: SimStateOptions = {}) {
    this.hosts = hosts;
    this.clock = clock instanceof SimClock ? clock : new SimClock({ source: clock });
    this.#now = () => this.clock.now();
    this.actor = options.actor ?? "octocat";
    this.rateLimit = { limit: 5000, remaining: 5000, reset: this.#seconds() + 3600 };
    this.lifecycle = new SimLifecycle(this, this.clock);
  }

  /**
   * Scripts what dispatches (and re-runs) of a workflow do; `workflow` is its file name or path.
   * Unscripted workflows run one successful 1-minute job.
   */
  script(full: string, workflow: string, script: SimScript): void {
    const path = workflow.includes("/") ? workflow : `.github/workflows/${workflow}`;
    this.#scripts.set(`${full.toLowerCase()}:${path}`, script);
  }

  #plan(
    repo: SimRepo,
    path: string,
    ctx: { inputs: Record<string, string>; ref: string; attempt: number },
  ): { result: SimScriptResult; n: number } {
    const key = `${repo.fullName.toLowerCase()}:${path}`;
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    const text = repo.branches.get(repo.defaultBranch)?.files.get(path) ?? "";
    const script = this.#scripts.get(key) ?? unscripted(firstJobName(text));
    return { result: script({ ...ctx, n }), n };
  }

  /** A run's record (run payload and every job of every attempt), for the lifecycle. */
  record(runId: number): { run: WorkflowRun; jobs: Job[] } | undefined {
    return this.#runs.get(runId);
  }

  /** Adds a job to a run (for the lifecycle; tests use addRun). */
  addJob(runId: number, input: SimJobInput): Job {
    const record = this.#runs.get(runId);
    if (!record) throw new Error(`GitHub sim: no run ${runId}`);
    return this.#addJob(record, input);
  }

  /** Replaces a job's log text. */
  setLog(jobId: number, text: string): void {
    this.#logs.set(jobId, text);
  }

  /** Adds an artifact to a run. */
  addArtifact(runId: number, spec: SimArtifactSpec, createdAt = this.#iso()): Artifact {
    const record = this.#runs.get(runId);
    if (!record) throw new Error(`GitHub sim: no run ${runId}`);
    const artifact = artifactPayload(
      this.hosts,
      record.run,
      this.#nextId.artifact++,
      spec,
      createdAt,
    );
    this.#artifacts.set(runId, [...this.#artifacts.get(runId) ?? [], artifact]);
    return artifact;
  }

  /** Artifacts of a run, oldest first. */
  artifacts(runId: number): Artifact[] {
    return this.#artifacts.get(runId) ?? [];
  }

  #seconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }

  #iso(offsetMs = 0): string {
    return new Date(this.#now().getTime() + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Adds (or replaces) a repository. */
  addRepo(full: string, input: SimRepoInput = {}): SimRepo {
    const [owner, name] = full.split("/");
    const defaultBranch = input.defaultBranch ?? "main";
    const createdAt = this.#iso(-90 * DAY_MS);
    const branches = new Map<string, SimBranch>();
    branches.set(defaultBranch, {
      sha: randomSha(),
      files: new Map(Object.entries(input.files ?? {})),
    });
    for (const [branch, files] of Object.entries(input.branches ?? {})) {
      branches.set(branch, { sha: randomSha(), files: new Map(Object.entries(files)) });
    }
    const repo: SimRepo = {
      facts: {
        id: this.#nextId.repo++,
        owner,
        ownerId: 9_000_000 + this.#repos.size,
        name,
        defaultBranch,
        private: input.private ?? false,
        createdAt,
        pushedAt: this.#iso(),
      },
      fullName: full,
      defaultBranch,
      branches,
      tags: new Map(),
      pulls: [],
      workflowIds: new Map(),
    };
    this.#repos.set(full.toLowerCase(), repo);
    return repo;
  }

  /** The repository called `full` (case-insensitive), if any. */
  repo(full: string): SimRepo | undefined {
    return this.#repos.get(full.toLowerCase());
  }

  #mustRepo(full: string): SimRepo {
    const repo = this.repo(full);
    if (!repo) throw new Error(`GitHub sim: add repository ${full} first`);
    return repo;
  }

  /** Writes a file on a branch (default branch when absent), as a new commit. */
  setFile(full: string, path: string, text: string, branchName?: string): void {
    const repo = this.#mustRepo(full);
    const branch = repo.branches.get(branchName ?? repo.defaultBranch);
    if (!branch) throw new Error(`GitHub sim: no branch ${branchName} in ${full}`);
    branch.files.set(path, text);
    branch.sha = randomSha();
  }

  /** The branch a ref names: a branch name, `refs/heads/x`, `heads/x`, or a head sha. */
  branch(repo: SimRepo, ref: string): SimBranch | undefined {
    const name = ref.replace(/^(refs\/)?heads\//, "");
    return repo.branches.get(name) ?? [...repo.branches.values()].find((b) => b.sha === ref);
  }

  /** `GET /repos/{owner}/{repo}`. */
  repoPayload(repo: SimRepo): Schemas["full-repository"] {
    return fullRepository(this.hosts, repo.facts);
  }

  /** Workflows derived from `.github/workflows/*.yml|yaml` on the default branch. */
  workflows(repo: SimRepo): Workflow[] {
    const files = repo.branches.get(repo.defaultBranch)?.files ?? new Map<string, string>();
    const out: Workflow[] = [];
    for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) continue;
      let known = repo.workflowIds.get(path);
      if (!known) {
        known = { id: this.#nextId.workflow++, createdAt: this.#iso() };
        repo.workflowIds.set(path, known);
      }
      out.push(workflowPayload(this.hosts, repo.fullName, repo.defaultBranch, {
        id: known.id,
        name: workflowName(path, text),
        path,
        createdAt: known.createdAt,
      }));
    }
    return out;
  }

  /** A workflow by numeric id, file name or path. */
  findWorkflow(repo: SimRepo, key: string): Workflow | undefined {
    return this.workflows(repo).find((w) =>
      String(w.id) === key || w.path === key || w.path === `.github/workflows/${key}`
    );
  }

  /** Adds a run (and its jobs and logs); returns the run as GitHub serves it. */
  addRun(full: string, input: SimRunInput = {}): WorkflowRun {
    const repo = this.#mustRepo(full);
    const { workflow: key, actor, jobs = [], logs = {}, artifacts = [], ...overrides } = input;
    const workflows = this.workflows(repo);
    const workflow = key === undefined ? workflows[0] : this.findWorkflow(repo, key);
    if (!workflow) throw new Error(`GitHub sim: no workflow ${key ?? "at all"} in ${full}`);
    const id = Number(overrides.id ?? this.#nextId.run++);
    const runNumber = 1 + [...this.#runs.values()]
      .filter((r) => r.run.workflow_id === workflow.id).length;
    const createdAt = overrides.created_at ?? this.#iso();
    const completed = (overrides.status ?? "completed") === "completed";
    const updatedAt = overrides.updated_at ??
      (completed ? new Date(Date.parse(createdAt) + 3 * 60_000).toISOString() : createdAt);
    const branch = this.branch(repo, overrides.head_branch ?? repo.defaultBranch);
    const run = workflowRunPayload(this.hosts, {
      id,
      runNumber,
      workflow,
      repo: repo.facts,
      actor: { login: actor ?? "octocat", id: 583231 },
      createdAt,
    }, {
      head_sha: branch?.sha,
      ...(completed ? {} : { conclusion: null }),
      updated_at: updatedAt,
      ...overrides,
    });
    const record = { repo: full.toLowerCase(), run, jobs: [] as Job[] };
    this.#runs.set(id, record);
    for (const job of jobs) this.#addJob(record, job, logs[job.name]);
    for (const spec of artifacts) this.addArtifact(id, spec, updatedAt);
    return run;
  }

  #addJob(record: { run: WorkflowRun; jobs: Job[] }, input: SimJobInput, log?: string): Job {
    const { steps = [], log: ownLog, ...fields } = input;
    const id = Number(fields.id ?? this.#nextId.job++);
    const base = jobPayload(this.hosts, record.run, id, fields);
    const job: Job = { ...base, steps: steps.map((s, i) => stepPayload(s, i, base.started_at)) };
    record.jobs.push(job);
    this.#logs.set(id, ownLog ?? log ?? defaultJobLog(job));
    return job;
  }

  /** Runs of a repository, newest first, filtered like the API. */
  runs(repo: SimRepo, filters: RunFilters = {}): WorkflowRun[] {
    const key = repo.fullName.toLowerCase();
    return [...this.#runs.values()]
      .filter((r) => r.repo === key)
      .map((r) => r.run)
      .filter((run) => runMatches(run, filters))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
  }

  /** One run of a repository. */
  run(repo: SimRepo, id: number): WorkflowRun | undefined {
    const record = this.#runs.get(id);
    return record?.repo === repo.fullName.toLowerCase() ? record.run : undefined;
  }

  /** Jobs of a run: of its latest attempt, or of all attempts. */
  jobs(runId: number, filter: "latest" | "all" = "latest"): Job[] {
    const record = this.#runs.get(runId);
    if (!record) return [];
    const attempt = record.run.run_attempt ?? 1;
    return filter === "all"
      ? record.jobs
      : record.jobs.filter((j) => (j.run_attempt ?? 1) === attempt);
  }

  /** One job of a repository. */
  job(repo: SimRepo, id: number): Job | undefined {
    const key = repo.fullName.toLowerCase();
    for (const record of this.#runs.values()) {
      if (record.repo !== key) continue;
      const job = record.jobs.find((j) => Number(j.id) === id);
      if (job) return job;
    }
    return undefined;
  }

  /** The log text of a job. */
  logOf(jobId: number): string | undefined {
    return this.#logs.get(jobId);
  }

  /** Serves a generated (large) log for a job instead of its text; see `generatedLog`. */
  setLogBlob(jobId: number, blob: SimLogBlob): void {
    this.#largeLogs.set(jobId, blob);
  }

  /** What a log download of the job serves: its generated log, else its text. */
  logBlob(jobId: number): SimLogBlob | undefined {
    const text = this.#logs.get(jobId);
    return this.#largeLogs.get(jobId) ?? (text === undefined ? undefined : textLog(text));
  }

  /**
   * `POST /dispatches`: validates like GitHub, then queues a run that the lifecycle moves on
   * per the workflow's script. Returns an error message on 422.
   */
  dispatch(repo: SimRepo, workflow: Workflow, body: Record<string, unknown>): WorkflowRun | string {
    const ref = typeof body.ref === "string" ? body.ref : "";
    const branch = this.branch(repo, ref);
    if (!branch) return `No ref found for: ${ref}`;
    const text = branch.files.get(workflow.path) ?? "";
    const checked = checkDispatchInputs(text, body.inputs);
    if (typeof checked === "string") return checked;
    const { inputs, given } = checked;
    const { result, n } = this.#plan(repo, workflow.path, { inputs, ref, attempt: 1 });
    const template = runNameOf(text);
    const title = result.displayTitle ??
      (template === undefined
        ? workflow.name
        : renderRunName(template, { inputs, ref, actor: this.actor, workflow: workflow.name }));
    const run = this.addRun(repo.fullName, {
      workflow: workflow.path,
      actor: this.actor,
      event: "workflow_dispatch",
      status: "queued",
      conclusion: null,
      head_branch: ref.replace(/^refs\/heads\//, ""),
      head_sha: branch.sha,
      display_title: title,
    });
    this.dispatches.push({
      repo: repo.fullName,
      workflow: workflow.path,
      ref,
      inputs: given,
      runId: Number(run.id),
      n,
    });
    this.lifecycle.start(Number(run.id), result);
    return run;
  }

  /** `POST /cancel`: a moving run completes as cancelled at once. */
  cancel(repo: SimRepo, id: number): true | { status: number; error: string } {
    this.lifecycle.tick();
    const run = this.run(repo, id);
    if (!run) return { status: 404, error: "Not Found" };
    if (run.status === "completed") {
      return { status: 409, error: "Cannot cancel a workflow run that is completed." };
    }
    if (!this.lifecycle.cancel(id)) {
      Object.assign(run, { status: "completed", conclusion: "cancelled", updated_at: this.#iso() });
    }
    return true;
  }

  /** `POST /rerun` and `/rerun-failed-jobs`: a new attempt, planned by the workflow's script. */
  rerun(repo: SimRepo, id: number, failedOnly: boolean): true | { status: number; error: string } {
    this.lifecycle.tick();
    const run = this.run(repo, id);
    if (!run) return { status: 404, error: "Not Found" };
    if (run.status !== "completed") {
      return { status: 403, error: "This workflow is already running" };
    }
    const dispatched = this.dispatches.find((d) => d.runId === id);
    const { result } = this.#plan(repo, run.path, {
      inputs: dispatched?.inputs ?? {},
      ref: dispatched?.ref ?? run.head_branch ?? repo.defaultBranch,
      attempt: (run.run_attempt ?? 1) + 1,
    });
    this.lifecycle.rerun(id, result, failedOnly);
    return true;
  }
}
