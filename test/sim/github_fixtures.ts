/**
 * The GitHub simulator's data: payload builders typed against `@octokit/openapi-types` (so the
 * simulator cannot drift from GitHub's real wire shapes without `deno check` noticing) and the
 * scriptable state ({@linkcode GitHubSimState}) that `github.ts` serves over HTTP.
 *
 * @module
 */
import type { components } from "@octokit/openapi-types";
import { parse as parseYaml } from "yaml";

/** GitHub REST schemas used by the simulator. */
export type Schemas = components["schemas"];
/** A workflow run as GitHub serves it. */
export type WorkflowRun = Schemas["workflow-run"];
/** A job as GitHub serves it. */
export type Job = Schemas["job"];
/** One step of a job. */
export type JobStep = NonNullable<Job["steps"]>[number];
/** A workflow as GitHub serves it. */
export type Workflow = Schemas["workflow"];
/** The pull-request fields the simulator fills in. */
export type PullRequest =
  & Pick<
    Schemas["pull-request"],
    | "id"
    | "node_id"
    | "number"
    | "url"
    | "html_url"
    | "state"
    | "title"
    | "body"
    | "created_at"
    | "updated_at"
    | "draft"
  >
  & {
    head: { ref: string; sha: string; label: string };
    base: { ref: string; sha: string; label: string };
  };

/** Where the simulator lives: API root (with any GHES prefix) and web root. */
export interface Hosts {
  api: string;
  web: string;
}

/**
 * A GitHub-looking node id for a type and numeric id.
 *
 * @example
 * ```ts
 * nodeId("WFR", 7); // "WFR_kwDOAAAAAAAAAAc"
 * ```
 */
export function nodeId(prefix: string, id: number): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(id));
  return `${prefix}_kwDO${btoa(String.fromCharCode(...bytes)).replace(/=+$/, "")}`;
}

/**
 * A random 40-hex commit sha.
 *
 * @example
 * ```ts
 * randomSha().length; // 40
 * ```
 */
export function randomSha(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The git blob sha of a UTF-8 text, as the contents API reports it.
 *
 * @example
 * ```ts
 * await blobSha(""); // "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
 * ```
 */
export async function blobSha(text: string): Promise<string> {
  const body = new TextEncoder().encode(text);
  const header = new TextEncoder().encode(`blob ${body.length}\0`);
  const all = new Uint8Array(header.length + body.length);
  all.set(header);
  all.set(body, header.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A user (or organisation) as embedded in other payloads.
 *
 * @example
 * ```ts
 * simpleUser({ api: "http://x", web: "http://x" }, "octocat", 1).login; // "octocat"
 * ```
 */
export function simpleUser(hosts: Hosts, login: string, id: number): Schemas["simple-user"] {
  const url = `${hosts.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId("U", id),
    avatar_url: `${hosts.web}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${hosts.web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    site_admin: false,
  };
}

/** The facts a repository payload is built from. */
export interface RepoFacts {
  id: number;
  owner: string;
  ownerId: number;
  name: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  pushedAt: string;
}

function repoUrls(hosts: Hosts, full: string) {
  const url = `${hosts.api}/repos/${full}`;
  return {
    url,
    html_url: `${hosts.web}/${full}`,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

/**
 * The repository shape embedded in runs.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * minimalRepository(hosts, {
 *   id: 1, owner: "acme", ownerId: 2, name: "app", defaultBranch: "main", private: false,
 *   createdAt: "2026-01-01T00:00:00Z", pushedAt: "2026-01-01T00:00:00Z",
 * }).full_name; // "acme/app"
 * ```
 */
export function minimalRepository(hosts: Hosts, repo: RepoFacts): Schemas["minimal-repository"] {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: full,
    owner: simpleUser(hosts, repo.owner, repo.ownerId),
    private: repo.private,
    description: null,
    fork: false,
    ...repoUrls(hosts, full),
  };
}

/**
 * `GET /repos/{owner}/{repo}`.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * fullRepository(hosts, {
 *   id: 1, owner: "acme", ownerId: 2, name: "app", defaultBranch: "main", private: false,
 *   createdAt: "2026-01-01T00:00:00Z", pushedAt: "2026-01-01T00:00:00Z",
 * }).default_branch; // "main"
 * ```
 */
export function fullRepository(hosts: Hosts, repo: RepoFacts): Schemas["full-repository"] {
  const full = `${repo.owner}/${repo.name}`;
  const host = new URL(hosts.web).host;
  return {
    ...minimalRepository(hosts, repo),
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    clone_url: `${hosts.web}/${full}.git`,
    svn_url: `${hosts.web}/${full}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 128,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    subscribers_count: 1,
    network_count: 0,
    license: null,
  };
}

/**
 * A workflow derived from a file under `.github/workflows/`.
 *
 * @example
 * ```ts
 * const w = workflowPayload({ api: "http://x", web: "http://x" }, "acme/app", "main", {
 *   id: 5, name: "CI", path: ".github/workflows/ci.yml", createdAt: "2026-01-01T00:00:00Z",
 * });
 * w.state; // "active"
 * ```
 */
export function workflowPayload(
  hosts: Hosts,
  full: string,
  branch: string,
  workflow: { id: number; name: string; path: string; createdAt: string },
): Workflow {
  return {
    id: workflow.id,
    node_id: nodeId("W", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: "active",
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${hosts.api}/repos/${full}/actions/workflows/${workflow.id}`,
    html_url: `${hosts.web}/${full}/blob/${branch}/${workflow.path}`,
    badge_url: `${hosts.web}/${full}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

/** The facts a run payload is built from; the rest is derived. */
export interface RunFacts {
  id: number;
  runNumber: number;
  workflow: { id: number; name: string; path: string };
  repo: RepoFacts;
  actor: { login: string; id: number };
  createdAt: string;
}

/**
 * A workflow run with every required field filled; `overrides` wins.
 *
 * @example
 * ```ts
 * // see startGitHubSim().state.addRun for the usual way in
 * ```
 */
export function workflowRunPayload(
  hosts: Hosts,
  facts: RunFacts,
  overrides: Partial<WorkflowRun>,
): WorkflowRun {
  const full = `${facts.repo.owner}/${facts.repo.name}`;
  const url = `${hosts.api}/repos/${full}/actions/runs/${facts.id}`;
  const sha = overrides.head_sha ?? randomSha();
  const actor = simpleUser(hosts, facts.actor.login, facts.actor.id);
  const repository = minimalRepository(hosts, facts.repo);
  const run: WorkflowRun = {
    id: facts.id,
    name: facts.workflow.name,
    node_id: nodeId("WFR", facts.id),
    check_suite_id: facts.id * 3,
    check_suite_node_id: nodeId("CS", facts.id * 3),
    head_branch: facts.repo.defaultBranch,
    head_sha: sha,
    path: facts.workflow.path,
    run_number: facts.runNumber,
    run_attempt: 1,
    referenced_workflows: [],
    event: "push",
    status: "completed",
    conclusion: "success",
    workflow_id: facts.workflow.id,
    url,
    html_url: `${hosts.web}/${full}/actions/runs/${facts.id}`,
    pull_requests: [],
    created_at: facts.createdAt,
    updated_at: facts.createdAt,
    actor,
    triggering_actor: actor,
    run_started_at: facts.createdAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${hosts.api}/repos/${full}/check-suites/${facts.id * 3}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${hosts.api}/repos/${full}/actions/workflows/${facts.workflow.id}`,
    head_commit: {
      id: sha,
      tree_id: randomSha(),
      message: "Update workflows",
      timestamp: facts.createdAt,
      author: { name: facts.actor.login, email: `${facts.actor.login}@users.noreply.github.com` },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    repository,
    head_repository: repository,
    head_repository_id: facts.repo.id,
    display_title: "Update workflows",
  };
  return { ...run, ...overrides };
}

/**
 * A job of `run` with every required field filled; `overrides` wins.
 *
 * @example
 * ```ts
 * // see startGitHubSim().state.addRun for the usual way in
 * ```
 */
export function jobPayload(
  hosts: Hosts,
  run: WorkflowRun,
  id: number,
  overrides: Partial<Job> & { name: string },
): Job {
  const full = run.repository.full_name;
  const started = run.run_started_at ?? run.created_at;
  const completed = run.status === "completed";
  const job: Job = {
    id,
    run_id: run.id,
    run_url: run.url,
    run_attempt: run.run_attempt ?? 1,
    node_id: nodeId("CR", id),
    head_sha: run.head_sha,
    url: `${hosts.api}/repos/${full}/actions/jobs/${id}`,
    html_url: `${hosts.web}/${full}/actions/runs/${run.id}/job/${id}`,
    status: completed ? "completed" : "queued",
    conclusion: completed ? "success" : null,
    created_at: run.created_at,
    started_at: started,
    completed_at: completed ? run.updated_at : null,
    name: overrides.name,
    steps: [],
    check_run_url: `${hosts.api}/repos/${full}/check-runs/${id}`,
    labels: ["ubuntu-latest"],
    runner_id: completed ? 1 : null,
    runner_name: completed ? "GitHub Actions 1" : null,
    runner_group_id: completed ? 2 : null,
    runner_group_name: completed ? "GitHub Actions" : null,
    workflow_name: run.name ?? null,
    head_branch: run.head_branch,
  };
  return { ...job, ...overrides };
}

/**
 * A complete step from a partial one (number from its position).
 *
 * @example
 * ```ts
 * stepPayload({ name: "Checkout" }, 0, "2026-01-01T00:00:00Z").number; // 1
 * ```
 */
export function stepPayload(step: Partial<JobStep> & { name: string }, index: number, at: string) {
  return {
    status: "completed",
    conclusion: "success",
    number: index + 1,
    started_at: at,
    completed_at: at,
    ...step,
  } satisfies JobStep;
}

/**
 * A file as the contents API serves it (base64 wrapped at 60 columns, like GitHub).
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * (await contentFilePayload(hosts, "acme/app", "main", "a.txt", "hi")).encoding; // "base64"
 * ```
 */
export async function contentFilePayload(
  hosts: Hosts,
  full: string,
  ref: string,
  path: string,
  text: string,
): Promise<Schemas["content-file"]> {
  const bytes = new TextEncoder().encode(text);
  const base64 = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
  const sha = await blobSha(text);
  const self = `${hosts.api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${hosts.api}/repos/${full}/git/blobs/${sha}`;
  const html = `${hosts.web}/${full}/blob/${ref}/${path}`;
  return {
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").pop() ?? path,
    path,
    content: (base64.match(/.{1,60}/g) ?? []).join("\n") + "\n",
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${hosts.web}/raw/${full}/${ref}/${path}`,
    _links: { self, git, html },
  };
}

// ---------------------------------------------------------------------------------------------
// The scriptable state the simulator serves.
// ---------------------------------------------------------------------------------------------

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

/** Filters of the runs listing, as query parameters. */
export interface RunFilters {
  workflowId?: number;
  branch?: string;
  event?: string;
  status?: string;
  created?: string;
  actor?: string;
  headSha?: string;
}

const STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);
const DAY_MS = 86_400_000;

function timeBound(value: string, end: boolean): number {
  const at = Date.parse(value);
  // A bare date as an upper bound means the whole day.
  return end && /^\d{4}-\d{2}-\d{2}$/.test(value) ? at + DAY_MS - 1 : at;
}

/**
 * Whether an ISO time matches GitHub's `created` search syntax (`>=2026-11-01`, `a..b`, a day).
 *
 * @example
 * ```ts
 * createdMatches("2026-11-24T10:00:00Z", ">=2026-11-24"); // true
 * ```
 */
export function createdMatches(created: string, query: string): boolean {
  const at = Date.parse(created);
  const range = /^(.+)\.\.(.+)$/.exec(query);
  if (range) {
    return (range[1] === "*" || at >= timeBound(range[1], false)) &&
      (range[2] === "*" || at <= timeBound(range[2], true));
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(query);
  if (!op) return at >= timeBound(query, false) && at <= timeBound(query, true);
  const bound = timeBound(op[2], op[1].startsWith("<"));
  if (op[1] === ">=") return at >= bound;
  if (op[1] === ">") return at > bound;
  if (op[1] === "<=") return at <= bound;
  return at < bound;
}

function workflowName(path: string, text: string): string {
  try {
    const doc = parseYaml(text) as { name?: unknown } | null;
    if (typeof doc?.name === "string" && doc.name.trim()) return doc.name;
  } catch {
    // GitHub lists unparsable workflows under their path.
  }
  return path;
}

/** The `workflow_dispatch` inputs a workflow declares, or undefined when it has no such trigger. */
function dispatchInputs(text: string): Record<string, { required?: boolean }> | undefined {
  let on: unknown;
  try {
    on = (parseYaml(text) as { on?: unknown } | null)?.on;
  } catch {
    return undefined;
  }
  if (on === "workflow_dispatch") return {};
  if (Array.isArray(on)) return on.includes("workflow_dispatch") ? {} : undefined;
  if (typeof on !== "object" || on === null || !("workflow_dispatch" in on)) return undefined;
  const trigger = (on as { workflow_dispatch?: { inputs?: unknown } | null }).workflow_dispatch;
  const inputs = trigger?.inputs;
  return typeof inputs === "object" && inputs !== null
    ? inputs as Record<string, { required?: boolean }>
    : {};
}

function defaultLog(job: Job): string {
  const at = job.started_at;
  const lines = [`${at} Requested labels: ${job.labels.join(", ")}`];
  for (const step of job.steps ?? []) {
    lines.push(`${at} ##[group]Run ${step.name}`, `${at} ##[endgroup]`);
    if (step.conclusion === "failure") {
      lines.push(`${at} ##[error]Process completed with exit code 1.`);
    }
  }
  lines.push(`${at} Cleaning up orphan processes`);
  return lines.join("\n") + "\n";
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
    this.#logs.set(id, ownLog ?? log ?? defaultLog(job));
    return job;
  }

  /** Runs of a repository, newest first, filtered like the API. */
  runs(repo: SimRepo, filters: RunFilters = {}): WorkflowRun[] {
    const key = repo.fullName.toLowerCase();
    return [...this.#runs.values()]
      .filter((r) => r.repo === key)
      .map((r) => r.run)
      .filter((run) =>
        (filters.workflowId === undefined || run.workflow_id === filters.workflowId) &&
        (!filters.branch || run.head_branch === filters.branch) &&
        (!filters.event || run.event === filters.event) &&
        (!filters.actor || run.actor?.login === filters.actor) &&
        (!filters.headSha || run.head_sha === filters.headSha) &&
        (!filters.status ||
          (STATUSES.has(filters.status)
            ? run.status === filters.status
            : run.conclusion === filters.status)) &&
        (!filters.created || createdMatches(run.created_at, filters.created))
      )
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

  /** Entries of a directory, for a contents request on a folder. */
  directory(repo: SimRepo, branch: SimBranch, path: string) {
    const prefix = path ? `${path}/` : "";
    const names = new Map<string, "file" | "dir">();
    for (const file of branch.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [head, ...rest] = file.slice(prefix.length).split("/");
      names.set(head, rest.length ? "dir" : "file");
    }
    return [...names].map(([name, type]) => ({
      type,
      name,
      path: prefix + name,
      url: `${this.hosts.api}/repos/${repo.fullName}/contents/${prefix}${name}`,
    }));
  }

  /** `GET /git/ref/heads/{branch}`. */
  refPayload(repo: SimRepo, ref: string): Schemas["git-ref"] | undefined {
    const name = ref.replace(/^(refs\/)?heads\//, "");
    const branch = repo.branches.get(name);
    if (!branch || !ref.replace(/^refs\//, "").startsWith("heads/")) return undefined;
    const api = `${this.hosts.api}/repos/${repo.fullName}/git`;
    return {
      ref: `refs/heads/${name}`,
      node_id: nodeId("REF", name.length),
      url: `${api}/refs/heads/${name}`,
      object: { type: "commit", sha: branch.sha, url: `${api}/commits/${branch.sha}` },
    };
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
    return {
      created: existing === undefined,
      payload: {
        content: {
          name: file.name,
          path: file.path,
          sha: file.sha,
          size: file.size,
          url: file.url,
          html_url: file.html_url ?? undefined,
          git_url: file.git_url ?? undefined,
          download_url: file.download_url ?? undefined,
          type: "file",
        },
        commit: {
          sha: branch.sha,
          message: body.message,
          html_url: `${this.hosts.web}/${repo.fullName}/commit/${branch.sha}`,
        },
      },
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
    const number = repo.pulls.length + 1;
    const id = 2_000_000_000 + number;
    const at = this.#iso();
    const pull: PullRequest = {
      id,
      node_id: nodeId("PR", id),
      number,
      url: `${this.hosts.api}/repos/${repo.fullName}/pulls/${number}`,
      html_url: `${this.hosts.web}/${repo.fullName}/pull/${number}`,
      state: "open",
      title: body.title,
      body: typeof body.body === "string" ? body.body : null,
      created_at: at,
      updated_at: at,
      draft: false,
      head: { ref: String(body.head), sha: head.sha, label: `${repo.facts.owner}:${body.head}` },
      base: { ref: String(body.base), sha: base.sha, label: `${repo.facts.owner}:${body.base}` },
    };
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
