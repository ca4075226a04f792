/**
 * Small builders of runs and jobs for the pure history computations.
 *
 * @module
 */
import type { StepInfo } from "../../../src/providers/port.ts";
import type { HistoryJob, RunRecord } from "../../../src/ops/history/records.ts";

export const T0 = Date.parse("2026-11-01T00:00:00Z");
export const iso = (ms: number) => new Date(ms).toISOString();

export interface JobSpec {
  name: string;
  /** Offset of the start from the run's creation, ms. Default 10 s. */
  startMs?: number;
  durationMs: number;
  conclusion?: string;
  labels?: string[];
  steps?: Array<{ name: string; durationMs: number; conclusion?: string }>;
}

let nextJobId = 1000;

/** A completed run created at `T0 + minute·60 s` with the given jobs. */
export function record(spec: {
  id: number;
  minute?: number;
  conclusion?: string;
  sha?: string;
  attempt?: number;
  /** Offset of the latest attempt's start, ms (re-runs). */
  attemptStartMs?: number;
  jobs: JobSpec[];
}): RunRecord {
  const created = T0 + (spec.minute ?? spec.id) * 60_000;
  const jobs: HistoryJob[] = spec.jobs.map((j) => {
    const start = created + (j.startMs ?? 10_000);
    let at = start;
    const steps: StepInfo[] = (j.steps ?? []).map((s, i) => {
      const step = {
        name: s.name,
        number: i + 1,
        status: "completed",
        conclusion: s.conclusion ?? "success",
        startedAt: iso(at),
        completedAt: iso(at + s.durationMs),
      };
      at += s.durationMs;
      return step;
    });
    return {
      id: nextJobId++,
      runId: spec.id,
      name: j.name,
      status: "completed",
      conclusion: j.conclusion ?? "success",
      startedAt: iso(start),
      completedAt: iso(start + j.durationMs),
      labels: j.labels ?? ["ubuntu-latest"],
      url: `https://example.test/job/${spec.id}`,
      steps,
    };
  });
  return {
    run: {
      id: spec.id,
      workflowId: 1,
      name: "CI",
      path: ".github/workflows/ci.yml",
      headBranch: "main",
      headSha: spec.sha ?? `sha${spec.id}`,
      event: "push",
      status: "completed",
      conclusion: spec.conclusion ?? "success",
      attempt: spec.attempt ?? 1,
      createdAt: iso(created),
      startedAt: iso(created + (spec.attemptStartMs ?? 0)),
      updatedAt: iso(created + 3_600_000),
      url: `https://example.test/run/${spec.id}`,
    },
    jobs,
  };
}
