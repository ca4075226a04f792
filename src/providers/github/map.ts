/**
 * GitHub REST payloads (typed by `@octokit/openapi-types`) → the provider port's neutral
 * shapes. Only the fields the port needs are required, so older GHES payloads still map.
 *
 * @module
 */
import type { components } from "@octokit/openapi-types";
import type {
  ArtifactInfo,
  FileContent,
  JobInfo,
  RunInfo,
  StepInfo,
  WorkflowInfo,
} from "../port.ts";
import { decodeBase64Utf8 } from "./text.ts";

type Schemas = components["schemas"];

/** The workflow fields the port needs. */
export type WorkflowPayload = Pick<Schemas["workflow"], "id" | "name" | "path" | "state"> & {
  html_url?: string;
};

/** The run fields the port needs. */
export type RunPayload =
  & Pick<
    Schemas["workflow-run"],
    | "id"
    | "workflow_id"
    | "head_branch"
    | "head_sha"
    | "event"
    | "status"
    | "conclusion"
    | "created_at"
    | "updated_at"
    | "html_url"
  >
  & Partial<
    Pick<
      Schemas["workflow-run"],
      "name" | "path" | "run_attempt" | "run_number" | "run_started_at" | "display_title"
    >
  >
  & { actor?: { login: string } | null };

/** The job fields the port needs. */
export type JobPayload =
  & Pick<
    Schemas["job"],
    "id" | "run_id" | "name" | "status" | "conclusion" | "started_at" | "completed_at" | "labels"
  >
  & { html_url: string | null; url: string; steps?: Schemas["job"]["steps"] };

/** The file fields the port needs. */
export type FilePayload = Pick<Schemas["content-file"], "path" | "content" | "encoding" | "sha">;

/**
 * Maps a workflow.
 *
 * @example
 * ```ts
 * toWorkflowInfo({ id: 1, name: "CI", path: ".github/workflows/ci.yml", state: "active" }).path;
 * // ".github/workflows/ci.yml"
 * ```
 */
export function toWorkflowInfo(workflow: WorkflowPayload): WorkflowInfo {
  return {
    id: Number(workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    ...(workflow.html_url ? { url: workflow.html_url } : {}),
  };
}

/**
 * Maps a workflow run. GitHub sends ids as numbers (bigint past 2^53); the port uses numbers.
 *
 * @example
 * ```ts
 * const run = toRunInfo({
 *   id: 7, workflow_id: 1, head_branch: "main", head_sha: "abc", event: "push",
 *   status: "completed", conclusion: "success", created_at: "2026-11-24T10:00:00Z",
 *   updated_at: "2026-11-24T10:05:00Z", html_url: "https://github.com/acme/app/actions/runs/7",
 * });
 * run.attempt; // 1
 * ```
 */
export function toRunInfo(run: RunPayload): RunInfo {
  return {
    id: Number(run.id),
    workflowId: Number(run.workflow_id),
    name: run.name ?? run.display_title ?? "",
    ...(run.path ? { path: run.path } : {}),
    headBranch: run.head_branch,
    headSha: run.head_sha,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    attempt: run.run_attempt ?? 1,
    ...(run.run_number ? { runNumber: run.run_number } : {}),
    createdAt: run.created_at,
    ...(run.run_started_at ? { startedAt: run.run_started_at } : {}),
    updatedAt: run.updated_at,
    url: run.html_url,
    ...(run.actor?.login ? { actor: run.actor.login } : {}),
    ...(run.display_title ? { displayTitle: run.display_title } : {}),
  };
}

type ArtifactPayload = Pick<
  Schemas["artifact"],
  "id" | "name" | "size_in_bytes" | "expired" | "archive_download_url"
>;

/**
 * Maps an artifact payload to the port's {@linkcode ArtifactInfo}.
 *
 * @example
 * ```ts
 * toArtifactInfo({ id: 1, name: "dist", size_in_bytes: 10, expired: false,
 *   archive_download_url: "https://api.github.com/repos/a/b/actions/artifacts/1/zip" }).sizeBytes; // 10
 * ```
 */
export function toArtifactInfo(artifact: ArtifactPayload): ArtifactInfo {
  return {
    id: Number(artifact.id),
    name: artifact.name,
    sizeBytes: artifact.size_in_bytes,
    expired: artifact.expired,
    url: artifact.archive_download_url,
  };
}

function toStepInfo(step: NonNullable<Schemas["job"]["steps"]>[number]): StepInfo {
  return {
    name: step.name,
    number: step.number,
    status: step.status,
    conclusion: step.conclusion,
    startedAt: step.started_at ?? null,
    completedAt: step.completed_at ?? null,
  };
}

/**
 * Maps a job with its steps.
 *
 * @example
 * ```ts
 * const job = toJobInfo({
 *   id: 9, run_id: 7, name: "build", status: "completed", conclusion: "success",
 *   started_at: "2026-11-24T10:00:00Z", completed_at: "2026-11-24T10:02:00Z",
 *   labels: ["ubuntu-latest"], html_url: null, url: "https://api.github.com/x", steps: [],
 * });
 * job.url; // "https://api.github.com/x"
 * ```
 */
export function toJobInfo(job: JobPayload): JobInfo {
  return {
    id: Number(job.id),
    runId: Number(job.run_id),
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    startedAt: job.started_at ?? null,
    completedAt: job.completed_at ?? null,
    labels: job.labels,
    url: job.html_url ?? job.url,
    steps: (job.steps ?? []).map(toStepInfo),
  };
}

/**
 * Maps a contents-API file, decoding base64 content as UTF-8. `raw` replaces the content when
 * the API omitted it (files over 1 MB come back with `encoding: "none"`).
 *
 * @example
 * ```ts
 * toFileContent({ path: "a.txt", content: "aMOpbGxv", encoding: "base64", sha: "s" }).content;
 * // "héllo"
 * ```
 */
export function toFileContent(file: FilePayload, raw?: string): FileContent {
  const content = raw ??
    (file.encoding === "base64" ? decodeBase64Utf8(file.content) : file.content);
  return { path: file.path, content, sha: file.sha };
}
