/**
 * The `status` reply, apart from the pipeline that decides who may see it.
 *
 * @module
 */
import type { FailedDelivery } from "./alerts/engine.ts";
import type { JobRecord } from "./jobs/model.ts";
import type { ReportInput } from "./report/model.ts";

const shortTime = (iso: string) => iso.replace("T", " ").slice(0, 16) + " UTC";

function failedTable(failed: FailedDelivery[]) {
  return {
    title: "Alerts that could not be delivered",
    columns: ["When", "Repository", "Run", "Where", "Error", "Attempts"],
    rows: failed.map((f) => [
      shortTime(f.at),
      f.repo,
      String(f.runId),
      `${f.surface} ${f.conversation}`,
      f.error,
      String(f.attempts),
    ]),
  };
}

/**
 * The answer to `status`: the requester's jobs, newest first, and the alerts that could not be
 * delivered to them.
 *
 * @example
 * ```ts
 * statusReport([]).summary; // "You have no jobs. Start one with `test repo:owner/name workflow:ci.yml`."
 * ```
 */
export function statusReport(jobs: JobRecord[], failed: FailedDelivery[] = []): ReportInput {
  const running = jobs.filter((j) => j.status === "running").length;
  return {
    title: "Your jobs",
    status: "neutral",
    summary: jobs.length
      ? `${running} running, ${jobs.length - running} finished (newest first)`
      : "You have no jobs. Start one with `test repo:owner/name workflow:ci.yml`.",
    tables: [
      ...(jobs.length
        ? [{
          title: "Jobs",
          columns: ["Job", "Operation", "Repository", "Status", "Progress", "Started"],
          rows: jobs.map((j) => [
            j.id,
            j.kind,
            j.intent.repo ?? "—",
            j.status,
            j.progress.note,
            shortTime(j.createdAt),
          ]),
        }]
        : []),
      ...(failed.length ? [failedTable(failed)] : []),
    ],
  };
}
