/**
 * The CIProvider port: everything operations need from a CI system. GitHub Actions is the
 * first implementation (`github/`), local files the second (`local.ts`); operations never
 * import an implementation.
 *
 * @module
 */

/** A workflow as the CI system lists it. */
export interface WorkflowInfo {
  id: number;
  name: string;
  /** Path in the repository, e.g. `.github/workflows/ci.yml`. */
  path: string;
  state: string;
  url?: string;
}

/** A file read at a ref. */
export interface FileContent {
  path: string;
  content: string;
  /** Blob sha when the provider knows it. */
  sha?: string;
}

/** One workflow run. Times are ISO strings. */
export interface RunInfo {
  id: number;
  workflowId: number;
  name: string;
  /** Path of the workflow file that ran. */
  path?: string;
  headBranch: string | null;
  headSha: string;
  event: string;
  status: string | null;
  conclusion: string | null;
  attempt: number;
  /** The number GitHub shows as "#38": counts the workflow's runs, unlike the id. */
  runNumber?: number;
  createdAt: string;
  startedAt?: string;
  updatedAt: string;
  url: string;
  actor?: string;
  /** The run's title (`run-name`), where a correlation id can be found. */
  displayTitle?: string;
}

/** An artifact a run uploaded. */
export interface ArtifactInfo {
  id: number;
  name: string;
  sizeBytes: number;
  expired: boolean;
  /** Download URL (API). */
  url: string;
}

/** One step of a job. */
export interface StepInfo {
  name: string;
  number: number;
  status: string;
  conclusion: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
}

/** One job of a run. */
export interface JobInfo {
  id: number;
  runId: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  labels: string[];
  url: string;
  steps: StepInfo[];
}

/** Filters for listing runs. */
export interface ListRunsOptions {
  /** Workflow file name or id. */
  workflow?: string | number;
  branch?: string;
  event?: string;
  status?: string;
  /** Only runs triggered by this login. */
  actor?: string;
  /** Only runs created at or after this ISO time. */
  createdSince?: string;
  /** At most this many runs (newest first). */
  limit?: number;
}

/** What a dispatch returned. */
export interface DispatchResult {
  /** Present when the server returned run details. */
  runId?: number;
  url?: string;
}

/** A pull request to open with a set of file changes. */
export interface PullRequestSpec {
  title: string;
  body: string;
  base: string;
  branch: string;
  files: Array<{ path: string; content: string }>;
}

/**
 * Who can see a repository: anyone (`public`), its collaborators (`private`), or the members of
 * its enterprise (`internal`, GitHub Enterprise).
 */
export type RepoVisibility = "public" | "private" | "internal";

/** Counters of outbound API use, reported by analyses ("used 12 API calls"). */
export interface ApiUsage {
  /** Requests sent. */
  requests: number;
  /** Requests that counted against the rate limit (304s do not). */
  rateLimited: number;
  /** Requests answered 304 from the ETag cache. */
  notModified: number;
  /** Last known remaining rate limit, if reported. */
  remaining?: number;
}

/**
 * Where a tag or branch of a repository points: the commit (an annotated tag is peeled to its
 * commit, never the tag object), with the most precise tag at that commit (`v4` → `v4.2.2`) when
 * one is known; `not_found` when the repository has no such ref; `unavailable` when this provider
 * cannot ask (no API, no token), with the reason.
 */
export type RefResolution =
  | { kind: "commit"; sha: string; tag?: string }
  | { kind: "not_found"; reason: string }
  | { kind: "unavailable"; reason: string };

/**
 * What the audits that need the API learn about one action repository: whether it is archived
 * (read-only, so it gets no fixes), and which of the refs asked about name both a branch and a
 * tag (which one runs is ambiguous, and a pushed branch can shadow a tag); `not_found` when the
 * repository does not exist or is private; `unavailable` when this provider cannot ask.
 */
export type ActionFacts =
  | { kind: "facts"; archived: boolean; confusable: string[] }
  | { kind: "not_found"; reason: string }
  | { kind: "unavailable"; reason: string };

/**
 * The port. Every method throws {@linkcode import("../errors.ts").CiError}: `not_found`,
 * `unauthorized`, `forbidden`, `rate_limited`, `timeout`, `upstream`.
 *
 * @example
 * ```ts
 * async function countWorkflows(p: CIProvider, repo: string) {
 *   return (await p.listWorkflows(repo)).length;
 * }
 * ```
 */
export interface CIProvider {
  /** Short name for reports, e.g. "github". */
  readonly name: string;
  listWorkflows(repo: string): Promise<WorkflowInfo[]>;
  /** The repository's default branch (where dispatches go when no ref is given). */
  defaultBranch(repo: string): Promise<string>;
  /** Who can see the repository (alert subscriptions need more to post a private one's logs). */
  visibility(repo: string): Promise<RepoVisibility>;
  /**
   * The commit `ref` (default branch when absent) points at now, so a report can read and link
   * the files at that exact commit; undefined when the repository has no such ref. Absent means
   * the provider cannot tell (local files).
   */
  commitSha?(repo: string, ref?: string): Promise<string | undefined>;
  /** The file at `ref` (default branch when absent), or null when it does not exist. */
  readFile(repo: string, path: string, ref?: string): Promise<FileContent | null>;
  listRuns(repo: string, options?: ListRunsOptions): Promise<RunInfo[]>;
  getRun(repo: string, runId: number): Promise<RunInfo>;
  listJobs(repo: string, runId: number): Promise<JobInfo[]>;
  listArtifacts(repo: string, runId: number): Promise<ArtifactInfo[]>;
  /** The last `lines` lines of a job's log. */
  jobLogTail(repo: string, jobId: number, lines?: number): Promise<string>;
  dispatch(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<DispatchResult>;
  cancelRun(repo: string, runId: number): Promise<void>;
  rerunRun(repo: string, runId: number, options?: { failedOnly?: boolean }): Promise<void>;
  openPullRequest(repo: string, spec: PullRequestSpec): Promise<{ number: number; url: string }>;
  /**
   * Resolves `ref` of `repo` (an action's repository) to its commit, for pinning advice. Absent
   * means the provider cannot (same as `unavailable`); operational failures (rate limits) throw.
   */
  resolveRef?(repo: string, ref: string): Promise<RefResolution>;
  /**
   * Archival of `repo` (an action's repository) and which of `refs` are both a branch and a tag.
   * Absent means the provider cannot (same as `unavailable`); operational failures throw.
   */
  actionFacts?(repo: string, refs: readonly string[]): Promise<ActionFacts>;
  /** Counters since this provider was created. */
  usage(): ApiUsage;
}
