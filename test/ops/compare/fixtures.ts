/**
 * Synthetic runs for compare tests: sequential jobs with seeded noise, built as the provider
 * would return them so they go through `runSample`.
 *
 * @module
 */
import type { JobInfo, RunInfo } from "../../../src/providers/port.ts";
import { type RunSample, runSample } from "../../../src/ops/history/run_sample.ts";
import { mulberry32 } from "../../../src/stats/random.ts";

/** Job name → seconds. */
export type JobPlan = Record<string, number>;

const T0 = Date.parse("2026-11-20T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** One run (created `queueS` before its first job) with sequential jobs. */
export function fakeRun(
  id: number,
  jobs: JobPlan,
  options: { queueS?: number; conclusion?: string | null; at?: number } = {},
): { run: RunInfo; jobs: JobInfo[] } {
  const created = options.at ?? T0 + id * 3_600_000;
  let clock = created + (options.queueS ?? 20) * 1000;
  const jobInfos = Object.entries(jobs).map(([name, seconds], i): JobInfo => {
    const start = clock;
    clock += seconds * 1000;
    return {
      id: id * 100 + i,
      runId: id,
      name,
      status: "completed",
      conclusion: options.conclusion === undefined ? "success" : options.conclusion,
      startedAt: iso(start),
      completedAt: iso(clock),
      labels: ["ubuntu-latest"],
      url: `https://github.example/acme/app/actions/runs/${id}/job/${id * 100 + i}`,
      steps: [],
    };
  });
  return {
    run: {
      id,
      workflowId: 1,
      name: "CI",
      headBranch: "main",
      headSha: "abc",
      event: "push",
      status: "completed",
      conclusion: options.conclusion === undefined ? "success" : options.conclusion,
      attempt: 1,
      createdAt: iso(created),
      startedAt: iso(created),
      // A later touch (log deletion): must not count as execution time.
      updatedAt: iso(clock + 3_600_000),
      url: `https://github.example/acme/app/actions/runs/${id}`,
    },
    jobs: jobInfos,
  };
}

/** `count` samples whose job times vary by ±`noise` (fraction) around `plan`. */
export function samples(
  plan: JobPlan,
  count: number,
  seed: number,
  options: { noise?: number; firstId?: number; conclusion?: string | null } = {},
): RunSample[] {
  const random = mulberry32(seed);
  const noise = options.noise ?? 0.06;
  return Array.from({ length: count }, (_, i) => {
    const jobs: JobPlan = {};
    for (const [name, s] of Object.entries(plan)) {
      jobs[name] = Math.round(s * (1 + noise * (2 * random() - 1)));
    }
    const { run, jobs: infos } = fakeRun((options.firstId ?? 1) + i, jobs, {
      conclusion: options.conclusion,
      queueS: 10 + Math.round(random() * 20),
    });
    return runSample(run, infos);
  });
}

/** The baseline plan: 8m 00s in all. */
export const SLOW: JobPlan = { lint: 60, build: 120, test: 300 };
/** The candidate plan: the test job 96 s shorter, 20 % faster in all. */
export const FAST: JobPlan = { lint: 60, build: 120, test: 204 };
