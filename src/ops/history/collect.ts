/**
 * Reads a repository's run history through the provider, within a bounded number of API calls
 * whatever its size, and summarises it per workflow.
 *
 * API calls, at most: the workflow listing (⌈workflows / 100⌉ pages, skipped when the caller
 * passes `WorkflowInfo`s), ⌈{@linkcode RANK_SAMPLE} / 100⌉ to rank workflows when there are more
 * than `maxWorkflows`, and per chosen workflow ⌈maxRuns / 100⌉ for its runs, one per run for its
 * jobs (more only for runs of over 100 jobs), and `logExcerpts` log reads. With the defaults:
 * 3 + 20 × (1 + 100 + 5) = 2,123 plus the listing. Memory: one workflow's runs and jobs at a
 * time; only the summaries are kept.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { ApiUsage, CIProvider, WorkflowInfo } from "../../providers/port.ts";
import { mapLimited } from "../concurrency/map_limited.ts";
import type { ChangePointOptions } from "./change_point.ts";
import type { RepoHistory, WorkflowHistory } from "./model.ts";
import type { RunRecord } from "./records.ts";
import { busiest, describeSample } from "./sampling.ts";
import { failingSteps } from "./steps.ts";
import { summarizeWorkflow } from "./workflow.ts";

/** Recent runs listed (repository-wide) to find the busiest workflows. */
export const RANK_SAMPLE = 300;
/** Lines of a failing job's log kept as its excerpt. */
export const EXCERPT_LINES = 20;
const MAX_LINE = 300;
// Parallel reads: enough to hide latency, few enough not to trip GitHub's secondary limits.
const CONCURRENCY = 6;

/** Options of {@linkcode collectRepoHistory}. */
export interface CollectOptions {
  /** Workflows to read (listed ones, or paths / file names); default every workflow. */
  workflows?: WorkflowInfo[] | string[];
  /** Start of the window: an ISO date (`2026-10-25`) or time. */
  since: string;
  /** Newest completed runs read per workflow. Default 100. */
  maxRunsPerWorkflow?: number;
  /** Workflows read at most, busiest first. Default 20. */
  maxWorkflows?: number;
  /** Failing jobs per workflow whose log tail is read. Default 5. */
  logExcerpts?: number;
  /** End of the window, for runs per week. Default the real clock. */
  now?: () => Date;
  signal?: AbortSignal;
  changePoint?: ChangePointOptions;
}

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);

function resolve(listed: WorkflowInfo[], wanted: string[]): WorkflowInfo[] {
  return wanted.map((w) => {
    const path = w.replace(/^\.\//, "");
    return listed.find((x) => x.path === path) ??
      listed.find((x) => basename(x.path) === path || x.name === w) ??
      { id: 0, name: path, path, state: "unknown" };
  });
}

// GitHub log lines start with a timestamp that only adds width to an excerpt.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\s/;

function excerptOf(text: string): string {
  return text.split(/\r?\n/)
    .map((line) => line.replace(TIMESTAMP, ""))
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line))
    .slice(-EXCERPT_LINES)
    .join("\n")
    .trim();
}

const diff = (after: ApiUsage, before: ApiUsage): RepoHistory["apiCalls"] => ({
  requests: after.requests - before.requests,
  rateLimited: after.rateLimited - before.rateLimited,
  notModified: after.notModified - before.notModified,
});

/**
 * Collects and summarises the completed runs of a repository's workflows since `since`.
 *
 * @throws {CiError} whatever the provider throws for the listings (auth, rate limits); a run
 *   whose jobs or a job whose log has gone is skipped.
 * @example
 * ```ts
 * const history = await collectRepoHistory(provider, "acme/app", { since: "2026-10-25" });
 * history.sampled; // "60 completed runs since 2026-10-25: every run of ci.yml."
 * ```
 */
export async function collectRepoHistory(
  provider: CIProvider,
  repo: string,
  options: CollectOptions,
): Promise<RepoHistory> {
  const before = provider.usage();
  const maxRuns = Math.max(1, options.maxRunsPerWorkflow ?? 100);
  const maxWorkflows = Math.max(1, options.maxWorkflows ?? 20);
  const logExcerpts = Math.max(0, options.logExcerpts ?? 5);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const given = options.workflows;
  const all = given === undefined
    ? await provider.listWorkflows(repo)
    : given.every((w): w is string => typeof w === "string")
    ? resolve(given.length ? await provider.listWorkflows(repo) : [], given)
    : given as WorkflowInfo[];
  let chosen = all;
  let rankedBy: number | undefined;
  if (all.length > maxWorkflows) {
    options.signal?.throwIfAborted();
    const recent = await provider.listRuns(repo, {
      status: "completed",
      createdSince: options.since,
      limit: RANK_SAMPLE,
    });
    chosen = busiest(all, recent, maxWorkflows);
    rankedBy = recent.length;
  }

  const workflows: WorkflowHistory[] = [];
  for (const info of chosen) {
    options.signal?.throwIfAborted();
    const runs = await provider.listRuns(repo, {
      workflow: info.id > 0 ? info.id : info.path,
      status: "completed",
      createdSince: options.since,
      limit: maxRuns,
    });
    const records: RunRecord[] = await mapLimited(runs, CONCURRENCY, async (run) => {
      options.signal?.throwIfAborted();
      const jobs = await provider.listJobs(repo, run.id).catch((error) => {
        if (error instanceof CiError && error.code === "not_found") return [];
        throw error;
      });
      return { run, jobs };
    });
    const wanted = failingSteps(records, logExcerpts).map((s) => s.lastJobId);
    const logs = new Map<number, string>();
    await mapLimited(wanted, CONCURRENCY, async (jobId) => {
      // An expired or unreadable log only costs the excerpt, never the analysis.
      const text = await provider.jobLogTail(repo, jobId, EXCERPT_LINES * 2).catch(() => "");
      const excerpt = excerptOf(text);
      if (excerpt) logs.set(jobId, excerpt);
    });
    workflows.push(summarizeWorkflow(info, records, {
      logs,
      windowStart: runs.length >= maxRuns ? runs.at(-1)!.createdAt : options.since,
      windowEnd: now,
      changePoint: options.changePoint,
    }));
  }
  return {
    repo,
    workflows,
    sampled: describeSample({
      totalWorkflows: all.length,
      runs: workflows.map((w) => ({ workflow: w.workflow, runs: w.runsSampled })),
      maxRuns,
      since: options.since,
      rankedBy,
    }),
    apiCalls: diff(provider.usage(), before),
  };
}
