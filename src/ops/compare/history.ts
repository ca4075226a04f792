/**
 * Sampling for `compare`: which workflow on which branch each side means, and (history mode)
 * the completed runs of each side with their jobs. Active mode reuses {@linkcode resolveSides}
 * to know what to dispatch, and {@linkcode runSample} on the runs it dispatched.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { CIProvider, WorkflowInfo } from "../../providers/port.ts";
import { type RunSample, runSample } from "../history/run_sample.ts";
import { mapLimited } from "../concurrency/map_limited.ts";

/** One side of a comparison: a workflow file, optionally restricted to a branch. */
export interface HistorySide {
  /** Workflow path, e.g. `.github/workflows/ci.yml`. */
  workflow: string;
  /** Branch; absent = runs on every branch. */
  branch?: string;
}

/** What `baseline` and `candidate` resolved to. */
export interface CompareSides {
  /** Two workflow files, or one workflow on two branches. */
  kind: "workflows" | "branches";
  baseline: HistorySide;
  candidate: HistorySide;
  baselineLabel: string;
  candidateLabel: string;
}

/** Options of {@linkcode collectHistory}. */
export interface HistoryOptions {
  /** Only runs created at or after this ISO time. */
  since: string;
  /** Newest runs first, at most this many. Default 30. */
  limit?: number;
  /** Parallel job listings. Default 6. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** Runs per side in history mode. */
export const HISTORY_LIMIT = 30;
/** Days of history in history mode. */
export const HISTORY_DAYS = 30;
// Enough to hide latency, few enough not to trip GitHub's secondary rate limits.
const JOB_CONCURRENCY = 6;

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const isWorkflowFile = (value: string) => /\.ya?ml$/i.test(value.trim());

function findWorkflow(repo: string, all: WorkflowInfo[], wanted: string): WorkflowInfo {
  const w = wanted.trim().replace(/^\.\//, "");
  const hit = all.find((x) => x.path === w) ??
    (w.includes("/") ? undefined : all.find((x) => basename(x.path) === w)) ??
    all.find((x) => x.name === wanted);
  if (hit) return hit;
  const shown = all.slice(0, 15).map((x) => basename(x.path)).join(", ");
  throw new CiError("not_found", `Workflow '${wanted}' is not in ${repo}`, {
    hint: all.length === 0
      ? `${repo} has no workflow files.`
      : `Available workflows: ${shown}${all.length > 15 ? `, … (${all.length} in all)` : ""}.`,
  });
}

/**
 * Reads `baseline`/`candidate` of a compare intent. Both ending in `.yml`/`.yaml` → two
 * workflow files (on `intent.ref` when given, otherwise on every branch, since a new
 * workflow often runs only on the branch that introduces it); neither → two branches of
 * `intent.workflow` (or of the repository's only workflow).
 *
 * @throws {CiError} `bad_request` when a side is missing, the two kinds are mixed, or the
 *   workflow is ambiguous; `not_found` for unknown workflows.
 * @example
 * ```ts
 * const sides = await resolveSides(
 *   { op: "compare", baseline: "ci.yml", candidate: "ci-fast.yml" }, provider, "acme/app");
 * sides.kind; // "workflows"
 * ```
 */
export async function resolveSides(
  intent: Intent,
  provider: CIProvider,
  repo: string,
): Promise<CompareSides> {
  const { baseline, candidate } = intent;
  if (!baseline || !candidate) {
    const missing = [!baseline && "baseline", !candidate && "candidate"].filter(Boolean);
    throw new CiError("bad_request", `Cannot compare without ${missing.join(" and ")}`, {
      hint: "Name both: `compare repo:acme/app baseline:ci.yml candidate:ci-fast.yml` (two " +
        "workflows) or `compare repo:acme/app workflow:ci.yml baseline:main candidate:faster-ci` " +
        "(two branches).",
    });
  }
  const files = [isWorkflowFile(baseline), isWorkflowFile(candidate)];
  if (files[0] !== files[1]) {
    throw new CiError(
      "bad_request",
      `Cannot compare a workflow file with a branch: baseline is '${baseline}', candidate is '${candidate}'`,
      {
        hint: "Give two workflow files (baseline:ci.yml candidate:ci-fast.yml) or two branches " +
          "with a workflow (workflow:ci.yml baseline:main candidate:faster-ci).",
      },
    );
  }
  const listed = await provider.listWorkflows(repo);
  if (files[0]) {
    const a = findWorkflow(repo, listed, baseline);
    const b = findWorkflow(repo, listed, candidate);
    return {
      kind: "workflows",
      baseline: { workflow: a.path, ...(intent.ref ? { branch: intent.ref } : {}) },
      candidate: { workflow: b.path, ...(intent.ref ? { branch: intent.ref } : {}) },
      baselineLabel: basename(a.path),
      candidateLabel: basename(b.path),
    };
  }
  let workflow: WorkflowInfo;
  if (intent.workflow) workflow = findWorkflow(repo, listed, intent.workflow);
  else if (listed.length === 1) workflow = listed[0];
  else {
    throw new CiError(
      "bad_request",
      `Cannot tell which workflow to compare between branches '${baseline}' and '${candidate}': ${repo} has ${listed.length} workflows`,
      {
        hint: listed.length === 0
          ? `${repo} has no workflow files.`
          : `Name one, e.g. \`compare workflow:${
            basename(listed[0].path)
          } baseline:${baseline} candidate:${candidate}\`.`,
      },
    );
  }
  return {
    kind: "branches",
    baseline: { workflow: workflow.path, branch: baseline },
    candidate: { workflow: workflow.path, branch: candidate },
    baselineLabel: baseline,
    candidateLabel: candidate,
  };
}

/**
 * The completed runs of one side created since `options.since`, newest first, as samples
 * with their jobs: 1 listing call (per 100 runs) plus 1 job listing per run.
 *
 * @example
 * ```ts
 * const samples = await collectHistory(provider, "acme/app",
 *   { workflow: ".github/workflows/ci.yml" }, { since: "2026-10-25T00:00:00Z" });
 * samples.length; // ≤ 30
 * ```
 */
export async function collectHistory(
  provider: CIProvider,
  repo: string,
  side: HistorySide,
  options: HistoryOptions,
): Promise<RunSample[]> {
  const runs = await provider.listRuns(repo, {
    workflow: basename(side.workflow),
    ...(side.branch ? { branch: side.branch } : {}),
    status: "completed",
    createdSince: options.since,
    limit: options.limit ?? HISTORY_LIMIT,
  });
  const completed = runs.filter((r) => r.status === "completed" || r.conclusion !== null);
  return await mapLimited(completed, options.concurrency ?? JOB_CONCURRENCY, async (run) => {
    options.signal?.throwIfAborted();
    return runSample(run, await provider.listJobs(repo, run.id));
  });
}
