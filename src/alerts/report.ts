/**
 * The alert card of one run: what failed (job and step, with a log excerpt), the commit and who
 * pushed it, links, a *Re-run failed jobs* button. Run details come from the provider; when it
 * cannot be reached the card is built from what the webhook carried, and says so.
 *
 * @module
 */
import { toCiError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { firstFailure, LOG_TAIL_LINES } from "../ops/scenarios/scenario.ts";
import type { CIProvider, JobInfo, RunInfo } from "../providers/port.ts";
import { codeBlock, codeSpan, escapeMarkdownText } from "../report/markup.ts";
import type { ReportInput, ReportStatus } from "../report/model.ts";
import { type Outcome, workflowFile } from "./match.ts";

/** What the webhook told us about a completed run. */
export interface RunAlertInput {
  repo: string;
  run: RunInfo;
  commit?: { message: string; author?: string };
  pusher?: string;
}

/** What the provider told us, or why it could not. */
export interface RunDetails {
  jobs?: JobInfo[];
  failure?: { job: string; step: string; jobId: number };
  logTail?: string;
  /** Set when the jobs could not be fetched. */
  error?: string;
}

/**
 * Fetches the run's jobs, its first failure and that job's log tail. Never throws: a provider
 * error is recorded in `error` so the alert still goes out.
 *
 * @example
 * ```ts
 * // const details = await fetchDetails(provider, "acme/app", run, log);
 * ```
 */
export async function fetchDetails(
  provider: CIProvider,
  repo: string,
  run: RunInfo,
  log: Logger,
): Promise<RunDetails> {
  let jobs: JobInfo[];
  try {
    jobs = await provider.listJobs(repo, run.id);
  } catch (error) {
    const err = toCiError(error);
    log.warn("alert: run details not available", { repo, runId: run.id, code: err.code });
    return { error: err.message };
  }
  const failure = firstFailure(jobs);
  if (!failure) return { jobs };
  const logTail = await provider.jobLogTail(repo, failure.jobId, LOG_TAIL_LINES).catch(
    (error) => {
      log.warn("alert: job log not available", { repo, runId: run.id, error });
      return undefined;
    },
  );
  return { jobs, failure, ...(logTail ? { logTail } : {}) };
}

const STATUS: Record<Outcome, ReportStatus> = {
  failure: "failure",
  recovery: "success",
  success: "success",
  other: "neutral",
};

const firstLine = (text: string) => text.split("\n")[0].slice(0, 200);

/** The repository's web URL from the run's page URL (works for GHES too). */
function webRepoUrl(run: RunInfo, repo: string): string | undefined {
  const i = run.url.indexOf(`/${repo}/actions/runs/`);
  return i >= 0 ? run.url.slice(0, i + repo.length + 1) : undefined;
}

/**
 * The alert report of one run (shared by every recipient; {@linkcode withWhy} adds the
 * per-conversation line).
 *
 * @example
 * ```ts
 * // const input = alertReport({ repo, run, commit, pusher }, "failure", details);
 * ```
 */
export function alertReport(
  alert: RunAlertInput,
  outcome: Outcome,
  details: RunDetails,
): ReportInput {
  const { repo, run } = alert;
  const file = run.path ? workflowFile(run.path) : undefined;
  const name = run.name || file || `workflow ${run.workflowId}`;
  const branch = run.headBranch ?? "(no branch)";
  const conclusion = run.conclusion ?? "unknown";
  const verb = outcome === "failure"
    ? conclusion === "failure" ? "failed" : conclusion.replace(/_/g, " ")
    : outcome === "recovery"
    ? "recovered"
    : conclusion === "success"
    ? "passed"
    : conclusion.replace(/_/g, " ");
  const attempt = run.attempt > 1 ? ` (attempt ${run.attempt})` : "";
  const what = details.failure
    ? `${codeSpan(details.failure.job)} failed at step ${codeSpan(details.failure.step)}.`
    : outcome === "failure"
    ? details.error ? "The failing job is unknown: run details could not be fetched." : ""
    : outcome === "recovery"
    ? "It passes again after the previous run failed."
    : "";
  const sha = run.headSha.slice(0, 7);
  const fields = [
    { label: "Repository", value: repo },
    { label: "Workflow", value: file ? `${name} (${file})` : name },
    { label: "Branch", value: branch },
    { label: "Event", value: run.event },
    { label: "Conclusion", value: conclusion },
    {
      label: "Commit",
      value: alert.commit ? `${sha} ${firstLine(alert.commit.message)}` : sha,
    },
  ];
  const pusher = alert.pusher ?? run.actor ?? alert.commit?.author;
  if (pusher) fields.push({ label: "Pushed by", value: pusher });
  if (details.failure) {
    fields.push({ label: "Failing job", value: details.failure.job });
    fields.push({ label: "Failing step", value: details.failure.step });
  }
  const sections = [];
  if (details.logTail) {
    sections.push({
      title: `Log excerpt (${details.failure?.job ?? "job"})`,
      markdown: codeBlock(details.logTail.split("\n").slice(-LOG_TAIL_LINES).join("\n")),
    });
  }
  if (details.error) {
    sections.push({
      title: "Run details unavailable",
      markdown: `Could not fetch the run's jobs (${details.error}); this alert shows what ` +
        "GitHub's webhook carried. Open the run for the details.",
    });
  }
  const bad = (details.jobs ?? []).filter((j) =>
    j.conclusion !== "success" && j.conclusion !== "skipped"
  );
  const web = webRepoUrl(run, repo);
  return {
    title: `${name} ${verb} on ${branch}${attempt} — ${repo}`,
    status: STATUS[outcome],
    // Summaries are report markup: CI names go in as escaped text or code spans (markup.ts).
    summary: [
      `Run ${run.id} of ${escapeMarkdownText(name)} on ${escapeMarkdownText(branch)} ${verb}.`,
      what,
    ].filter(Boolean).join(" "),
    fields,
    tables: bad.length && outcome === "failure"
      ? [{
        title: "Jobs that did not pass",
        columns: ["Job", "Conclusion", "Failed step"],
        rows: bad.map((j) =>
          [
            j.name,
            j.conclusion ?? j.status,
            j.steps.find((s) => s.conclusion === "failure" || s.conclusion === "timed_out")?.name ??
              "—",
          ].map(escapeMarkdownText)
        ),
      }]
      : [],
    sections,
    actions: outcome === "failure"
      ? [{
        id: `rerun:${run.id}`,
        label: "Re-run failed jobs",
        style: "primary",
        intent: {
          op: "test",
          repo,
          ...(file ? { workflow: file } : {}),
          target: `rerun:${run.id}`,
        },
      }]
      : [],
    links: [
      { label: "Run", url: run.url },
      ...(web ? [{ label: `Commit ${sha}`, url: `${web}/commit/${run.headSha}` }] : []),
    ],
  };
}

/**
 * The report one conversation receives: the run's alert plus why it got it.
 *
 * @example
 * ```ts
 * // notifier(conversation, withWhy(report, whyLine(sub)), { key });
 * ```
 */
export function withWhy<T extends { sections?: ReportInput["sections"] }>(
  report: T,
  why: string,
): T {
  return {
    ...report,
    sections: [...(report.sections ?? []), { title: "Why you got this", markdown: why }],
  };
}
