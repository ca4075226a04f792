/**
 * GitHub Actions payloads: workflows, runs, jobs and steps (typed against
 * `@octokit/openapi-types`), plus the log text of a job.
 *
 * @module
 */
import {
  type Hosts,
  type Job,
  type JobStep,
  minimalRepository,
  nodeId,
  randomSha,
  type RepoFacts,
  type Schemas,
  simpleUser,
  type Workflow,
  type WorkflowRun,
} from "./github_payloads.ts";

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
 * The log text GitHub would serve for a job that was given none: a group per step and an error
 * line under each failed step.
 *
 * @example
 * ```ts
 * // defaultJobLog(job).includes("##[group]Run Checkout"); // for a job with a "Checkout" step
 * ```
 */
export function defaultJobLog(job: Job): string {
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

/** An artifact as the artifacts API lists it. */
export type Artifact = Schemas["artifact"];

/**
 * An artifact uploaded by `run`, kept 90 days.
 *
 * @example
 * ```ts
 * // artifactPayload(hosts, run, 5, { name: "dist", sizeBytes: 1024 }, "2026-11-24T10:00:00Z").expired;
 * // false
 * ```
 */
export function artifactPayload(
  hosts: Hosts,
  run: WorkflowRun,
  id: number,
  spec: { name: string; sizeBytes: number },
  createdAt: string,
): Artifact {
  const url = `${hosts.api}/repos/${run.repository.full_name}/actions/artifacts/${id}`;
  const expires = new Date(Date.parse(createdAt) + 90 * 86_400_000).toISOString();
  return {
    id,
    node_id: nodeId("MDg6QXJ0aWZhY3Q", id),
    name: spec.name,
    size_in_bytes: spec.sizeBytes,
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    created_at: createdAt,
    expires_at: expires.replace(/\.\d{3}Z$/, "Z"),
    updated_at: createdAt,
    digest: `sha256:${randomSha()}${randomSha().slice(0, 24)}`,
    workflow_run: {
      id: Number(run.id),
      repository_id: Number(run.repository.id),
      head_repository_id: Number(run.head_repository.id),
      head_branch: run.head_branch ?? undefined,
      head_sha: run.head_sha,
    },
  };
}
