/**
 * The scriptable state the GitHub simulator (`github.ts`) serves over HTTP: repositories with
 * branches and files, workflows derived from those files, runs, jobs, logs, pull requests and
 * dispatches, changed by tests directly or by the API routes.
 *
 * @module
 */
import {
  blobSha,
  contentFilePayload,
  fileCommitPayload,
  fullRepository,
  gitRefPayload,
  type Hosts,
  type Job,
  type JobStep,
  type PullRequest,
  pullRequestPayload,
  randomSha,
  type RepoFacts,
  type Schemas,
  type Workflow,
  type WorkflowRun,
} from "./github_payloads.ts";
import {
  defaultJobLog,
  jobPayload,
  stepPayload,
  workflowPayload,
  workflowRunPayload,
} from "./github_actions_payloads.ts";
import { dispatchInputs, type RunFilters, runMatches, workflowName } from "./github_queries.ts";

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
};

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
  /** Every accepted dispatch, in order. */
  readonly dispatches: Array<{
    repo: string;
    workflow: string;
    ref: string;
    inputs: Record<string, string>;
    runId: number;
  }> = [];
  readonly #now: () => Date;
  readonly #repos = new Map<string, SimRepo>();
  readonly #runs = new Map<number, { repo: string; run: WorkflowRun; jobs: Job[] }>();
  readonly #logs = new Map<number, string>();
  #nextId = { repo: 70_000_000, workflow: 110_000_000, run: 12_000_000_000, job: 33_000_000_000 };

  constructor(hosts: Hosts, now: () => Date) {
    this.hosts = hosts;
    this.#now = now;
    this.rateLimit = { limit: 5000, remaining: 5000, reset: this.#seconds() + 3600 };
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
    const { workflow: key, actor, jobs = [], logs = {}, ...overrides } = input;
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

  /** `GET /git/ref/heads/{branch}`. */
  refPayload(repo: SimRepo, ref: string): Schemas["git-ref"] | undefined {
    const name = ref.replace(/^(refs\/)?heads\//, "");
    const branch = repo.branches.get(name);
    if (!branch || !ref.replace(/^refs\//, "").startsWith("heads/")) return undefined;
    return gitRefPayload(this.hosts, repo.fullName, name, branch.sha);
  }

  /** `POST /git/refs`: a branch from an existing head sha. Returns an error message on 422. */
  createRef(repo: SimRepo, ref: string, sha: string): Schemas["git-ref"] | string {
    if (!/^refs\/heads\/.+/.test(ref)) return "Reference name must start with refs/heads/";
    const name = ref.slice("refs/heads/".length);
    if (repo.branches.has(name)) return "Reference already exists";
    const from = [...repo.branches.values()].find((b) => b.sha === sha);
    if (!from) return "Object does not exist";
    repo.branches.set(name, { sha, files: new Map(from.files) });
    return this.refPayload(repo, `heads/${name}`)!;
  }

  /** `PUT /contents/{path}`: create or update a file on a branch. */
  async putFile(
    repo: SimRepo,
    path: string,
    body: Record<string, unknown>,
  ): Promise<
    | { error: string; status: number }
    | { payload: Schemas["file-commit"]; created: boolean }
  > {
    const branchName = typeof body.branch === "string" ? body.branch : repo.defaultBranch;
    const branch = repo.branches.get(branchName);
    if (!branch) return { status: 404, error: `Branch ${branchName} not found` };
    if (typeof body.message !== "string" || typeof body.content !== "string") {
      return { status: 422, error: 'Invalid request.\n\n"message" and "content" are required.' };
    }
    const existing = branch.files.get(path);
    if (existing !== undefined) {
      const sha = await blobSha(existing);
      if (body.sha === undefined) {
        return { status: 422, error: `Invalid request.\n\n"sha" wasn't supplied.` };
      }
      if (body.sha !== sha) return { status: 409, error: `${path} does not match ${body.sha}` };
    }
    const binary = atob(body.content.replace(/\s+/g, ""));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    branch.files.set(path, text);
    branch.sha = randomSha();
    const file = await contentFilePayload(this.hosts, repo.fullName, branchName, path, text);
    const commit = { sha: branch.sha, message: body.message };
    return {
      created: existing === undefined,
      payload: fileCommitPayload(this.hosts, repo.fullName, file, commit),
    };
  }

  /** `POST /pulls`. Returns an error message on 422. */
  createPull(repo: SimRepo, body: Record<string, unknown>): PullRequest | string {
    const head = repo.branches.get(String(body.head ?? ""));
    const base = repo.branches.get(String(body.base ?? ""));
    if (typeof body.title !== "string" || !body.title) return "Validation Failed: title is missing";
    if (!head || !base) return "Validation Failed: head or base is not a branch";
    if (body.head === body.base) {
      return `Validation Failed: No commits between ${body.base} and ${body.head}`;
    }
    const pull = pullRequestPayload(this.hosts, repo.fullName, {
      number: repo.pulls.length + 1,
      title: body.title,
      body: typeof body.body === "string" ? body.body : null,
      at: this.#iso(),
      head: { ref: String(body.head), sha: head.sha },
      base: { ref: String(body.base), sha: base.sha },
    });
    repo.pulls.push(pull);
    return pull;
  }

  /** `POST /dispatches`: validates like GitHub and queues a run. Returns an error on 422. */
  dispatch(repo: SimRepo, workflow: Workflow, body: Record<string, unknown>): WorkflowRun | string {
    const ref = typeof body.ref === "string" ? body.ref : "";
    const branch = this.branch(repo, ref);
    if (!branch) return `No ref found for: ${ref}`;
    const text = branch.files.get(workflow.path) ?? "";
    const declared = dispatchInputs(text);
    if (!declared) return "Workflow does not have 'workflow_dispatch' trigger";
    const inputs = (body.inputs ?? {}) as Record<string, string>;
    const unexpected = Object.keys(inputs).filter((name) => !(name in declared));
    if (unexpected.length) return `Unexpected inputs provided: ${JSON.stringify(unexpected)}`;
    const missing = Object.entries(declared).find(([name, spec]) =>
      spec?.required && !(name in inputs)
    );
    if (missing) return `Required input '${missing[0]}' not provided`;
    const run = this.addRun(repo.fullName, {
      workflow: workflow.path,
      event: "workflow_dispatch",
      status: "queued",
      conclusion: null,
      head_branch: ref.replace(/^refs\/heads\//, ""),
      head_sha: branch.sha,
    });
    this.dispatches.push({
      repo: repo.fullName,
      workflow: workflow.path,
      ref,
      inputs,
      runId: Number(run.id),
    });
    return run;
  }

  /** `POST /cancel`. */
  cancel(repo: SimRepo, id: number): true | { status: number; error: string } {
    const run = this.run(repo, id);
    if (!run) return { status: 404, error: "Not Found" };
    if (run.status === "completed") {
      return { status: 409, error: "Cannot cancel a workflow run that is completed." };
    }
    Object.assign(run, { status: "completed", conclusion: "cancelled", updated_at: this.#iso() });
    return true;
  }

  /** `POST /rerun` and `/rerun-failed-jobs`: a new attempt with queued copies of the jobs. */
  rerun(repo: SimRepo, id: number, failedOnly: boolean): true | { status: number; error: string } {
    const record = this.#runs.get(id);
    const run = this.run(repo, id);
    if (!record || !run) return { status: 404, error: "Not Found" };
    if (run.status !== "completed") {
      return { status: 403, error: "This workflow is already running" };
    }
    const previous = this.jobs(id);
    const attempt = (run.run_attempt ?? 1) + 1;
    Object.assign(run, {
      run_attempt: attempt,
      status: "queued",
      conclusion: null,
      previous_attempt_url: `${run.url}/attempts/${attempt - 1}`,
      updated_at: this.#iso(),
    });
    for (const job of previous) {
      const again = !failedOnly || job.conclusion === "failure" || job.conclusion === "cancelled";
      this.#addJob(record, {
        name: job.name,
        labels: job.labels,
        run_attempt: attempt,
        ...(again
          ? { status: "queued", conclusion: null, completed_at: null }
          : { status: job.status, conclusion: job.conclusion, completed_at: job.completed_at }),
        steps: again ? [] : job.steps,
      });
    }
    return true;
  }
}
