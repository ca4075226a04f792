/**
 * The GitHub Actions implementation of the CIProvider port, on `@octokit/rest`.
 * Works against github.com and GitHub Enterprise Server (`baseUrl` = `GITHUB_API_URL`).
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import type {
  ActionFacts,
  ArtifactInfo,
  CIProvider,
  DispatchResult,
  FileContent,
  JobInfo,
  ListRunsOptions,
  PullRequestSpec,
  RefResolution,
  RepoVisibility,
  RunInfo,
  WorkflowInfo,
} from "../port.ts";
import { createGitHubClient, type GitHubOctokit } from "./client.ts";
import type { RequestAuth } from "./request_auth.ts";
import { type FailureContext, toProviderError } from "./errors.ts";
import { toArtifactInfo, toFileContent, toJobInfo, toRunInfo, toWorkflowInfo } from "./map.ts";
import { readLogTail, TAIL_RANGE, truncationNote } from "./log_tail.ts";
import { encodeUtf8Base64, tailLines } from "./text.ts";
import { commitSha, resolveRef } from "./resolve_ref.ts";
import { actionFacts } from "./action_facts.ts";

/** Options of {@linkcode githubProvider}. */
export interface GitHubProviderOptions {
  token?: string;
  /** A GitHub App's installation tokens, per repository owner (`app_auth.ts`); wins over `token`. */
  appAuth?: RequestAuth;
  /** `GITHUB_API_URL`; GHES uses `https://host/api/v3`. Default `https://api.github.com`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  log: Logger;
  /** Per HTTP attempt, body included. Default 10 000. */
  timeoutMs?: number;
  /** Retries of 5xx and network failures. Default 3. */
  retries?: number;
  /** Milliseconds per back-off unit (plugin-retry and throttling). Default 1000; tests shorten it. */
  retryAfterBaseValue?: number;
  /** Retries after hitting a rate limit. Default 2. */
  rateLimitRetries?: number;
  /** Rate limits resetting later than this fail at once with `rate_limited`. Default 60. */
  maxRateLimitWaitSeconds?: number;
  userAgent?: string;
  /** Page size for list calls (GitHub allows ≤ 100). Default 100. */
  perPage?: number;
  /** Entries in the ETag cache. Default 500. */
  etagCacheSize?: number;
}

// Listing runs without a limit must still end: a busy repository has tens of thousands.
const DEFAULT_RUN_LIMIT = 1000;
const DEFAULT_LOG_LINES = 100;
const MAX_DISPATCH_INPUTS = 25;

const DispatchDetails = z.object({
  workflow_run_id: z.union([z.number(), z.bigint()]),
  run_url: z.string().optional(),
  html_url: z.string().optional(),
});

function splitRepo(repo: string): { owner: string; repo: string } {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repo.trim());
  if (!match) {
    throw new CiError(
      "bad_request",
      `Repository must be written owner/name: current value is '${repo}'`,
      {
        hint: "For example repo:acme/app",
      },
    );
  }
  return { owner: match[1], repo: match[2] };
}

/** The API takes a workflow's numeric id or its file name (not its path). */
function workflowKey(workflow: string | number): string | number {
  if (typeof workflow === "number") return workflow;
  const trimmed = workflow.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split("/").pop() ?? trimmed;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

function bytesToText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  return JSON.stringify(data);
}

/**
 * Creates the GitHub provider.
 *
 * @example
 * ```ts
 * import { jsonLogger } from "../../log.ts";
 * const github = githubProvider({ token: Deno.env.get("GITHUB_TOKEN"), log: jsonLogger() });
 * const workflows = await github.listWorkflows("acme/app");
 * ```
 */
export function githubProvider(options: GitHubProviderOptions): CIProvider {
  const retries = options.retries ?? 3;
  const perPage = Math.min(100, Math.max(1, options.perPage ?? 100));
  const baseUrl = (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const client = createGitHubClient({
    token: options.token,
    auth: options.appAuth,
    baseUrl,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    log: options.log,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries,
    retryAfterBaseValue: options.retryAfterBaseValue ?? 1000,
    rateLimitRetries: options.rateLimitRetries ?? 2,
    maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds ?? 60,
    userAgent: options.userAgent ?? "ci-orchestrator",
    etagCacheSize: options.etagCacheSize ?? 500,
  });
  const octokit: GitHubOctokit = client.octokit;

  // Every method goes through here, so even argument errors reject instead of throwing.
  async function call<T>(
    full: string,
    context: Omit<FailureContext, "token" | "retries">,
    run: (target: { owner: string; repo: string }) => Promise<T>,
  ): Promise<T> {
    try {
      return await run(splitRepo(full));
    } catch (error) {
      throw toProviderError(error, { ...context, token: options.token, retries });
    }
  }

  async function fileSha(owner: string, repo: string, path: string, ref: string) {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      return Array.isArray(data) ? undefined : data.sha;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  // Anonymous calls share 60 an hour per address: advice on actions is not worth them. An App's
  // installation tokens are per owner, and action owners (`actions/*`) have not installed it.
  const actionLookupsUnavailable = (): string | undefined =>
    options.appAuth
      ? "the GitHub App's tokens reach only the owners that installed it"
      : options.token
      ? undefined
      : "no GitHub token is configured";

  return {
    name: "github",

    listWorkflows(full: string): Promise<WorkflowInfo[]> {
      return call(
        full,
        { action: `list the workflows of ${full}`, subject: `Repository ${full}` },
        async ({ owner, repo }) => {
          const workflows = await octokit.paginate(octokit.rest.actions.listRepoWorkflows, {
            owner,
            repo,
            per_page: perPage,
          });
          return workflows.map(toWorkflowInfo);
        },
      );
    },

    defaultBranch(full: string): Promise<string> {
      return call(
        full,
        { action: `read repository ${full}`, subject: `Repository ${full}` },
        async ({ owner, repo }) => {
          const { data } = await octokit.rest.repos.get({ owner, repo });
          return data.default_branch;
        },
      );
    },

    visibility(full: string): Promise<RepoVisibility> {
      return call(
        full,
        { action: `read repository ${full}`, subject: `Repository ${full}` },
        async ({ owner, repo }) => {
          const { data } = await octokit.rest.repos.get({ owner, repo });
          if (data.private) return "private";
          if (data.visibility === "internal") return "internal";
          // Older GitHub Enterprise Server releases send only `private`; anything unknown is
          // treated as private.
          return data.visibility === undefined || data.visibility === "public"
            ? "public"
            : "private";
        },
      );
    },

    listArtifacts(full: string, runId: number): Promise<ArtifactInfo[]> {
      return call(full, {
        action: `list the artifacts of run ${runId} in ${full}`,
        subject: `Run ${runId} in ${full}`,
      }, async ({ owner, repo }) => {
        const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
          owner,
          repo,
          run_id: runId,
          per_page: perPage,
        });
        return artifacts.map(toArtifactInfo);
      });
    },

    commitSha(full: string, ref?: string): Promise<string | undefined> {
      return call(full, {
        action: `read the commit of ${ref ?? "the default branch"} in ${full}`,
        subject: `Repository ${full}`,
      }, ({ owner, repo }) => commitSha(octokit, owner, repo, ref));
    },

    readFile(full: string, path: string, ref?: string): Promise<FileContent | null> {
      const at = ref ? ` at ${ref}` : "";
      return call(full, {
        action: `read ${path} in ${full}${at}`,
        subject: `File ${path} in ${full}${at}`,
      }, async ({ owner, repo }) => {
        let data;
        try {
          ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref }));
        } catch (error) {
          if (statusOf(error) === 404) return null;
          throw error;
        }
        if (Array.isArray(data) || data.type !== "file") {
          const kind = Array.isArray(data) ? "directory" : data.type;
          throw new CiError("bad_request", `${path} in ${full} is a ${kind}, not a file`, {
            hint: "Name a workflow file, e.g. .github/workflows/ci.yml",
          });
        }
        if (data.encoding !== "none") return toFileContent(data);
        // Files over 1 MB come without content; the raw media type returns the bytes.
        const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          owner,
          repo,
          path,
          ref,
          mediaType: { format: "raw" },
        });
        return toFileContent(data, bytesToText(raw.data));
      });
    },

    listRuns(full: string, filters: ListRunsOptions = {}): Promise<RunInfo[]> {
      const limit = Math.max(1, filters.limit ?? DEFAULT_RUN_LIMIT);
      const filterParams = {
        per_page: Math.min(perPage, limit),
        ...(filters.branch ? { branch: filters.branch } : {}),
        ...(filters.event ? { event: filters.event } : {}),
        ...(filters.actor ? { actor: filters.actor } : {}),
        // The port keeps status a free string; GitHub validates it and answers 422 if unknown.
        ...(filters.status ? { status: filters.status as "completed" } : {}),
        ...(filters.createdSince ? { created: `>=${filters.createdSince}` } : {}),
      };
      const workflow = filters.workflow === undefined ? undefined : workflowKey(filters.workflow);
      const subject = workflow === undefined
        ? `Repository ${full}`
        : `Repository ${full} or workflow ${workflow}`;
      return call(
        full,
        { action: `list the runs of ${full}`, subject },
        async ({ owner, repo }) => {
          const params = { owner, repo, ...filterParams };
          const pages = workflow === undefined
            ? octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, params)
            : octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
              ...params,
              workflow_id: workflow,
            });
          const runs: RunInfo[] = [];
          for await (const page of pages) {
            for (const run of page.data) {
              runs.push(toRunInfo(run));
              if (runs.length >= limit) return runs;
            }
          }
          return runs;
        },
      );
    },

    getRun(full: string, runId: number): Promise<RunInfo> {
      return call(full, {
        action: `read run ${runId} of ${full}`,
        subject: `Run ${runId} in ${full}`,
      }, async ({ owner, repo }) => {
        const { data } = await octokit.rest.actions.getWorkflowRun({
          owner,
          repo,
          run_id: runId,
        });
        return toRunInfo(data);
      });
    },

    listJobs(full: string, runId: number): Promise<JobInfo[]> {
      return call(full, {
        action: `list the jobs of run ${runId} in ${full}`,
        subject: `Run ${runId} in ${full}`,
      }, async ({ owner, repo }) => {
        const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, {
          owner,
          repo,
          run_id: runId,
          filter: "latest",
          per_page: perPage,
        });
        return jobs.map(toJobInfo);
      });
    },

    jobLogTail(full: string, jobId: number, lines = DEFAULT_LOG_LINES): Promise<string> {
      const context = {
        action: `download the log of job ${jobId} in ${full}`,
        subject: `Log of job ${jobId} in ${full}`,
      };
      return call(full, context, async ({ owner, repo }) => {
        // GitHub answers with a 302 to a short-lived pre-signed URL on another host; follow it
        // ourselves so the Authorization header is never sent there.
        const response = await octokit.request(
          "GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
          { owner, repo, job_id: jobId, request: { redirect: "manual" } },
        );
        const location = response.headers.location;
        if (response.status < 300 || response.status >= 400 || !location) {
          return tailLines(bytesToText(response.data), lines);
        }
        // Only the end of the log: blob storage answers `bytes=-N` with a 206 of the last N bytes.
        const download = await client.download(new URL(location, response.url || baseUrl), {
          headers: { range: TAIL_RANGE },
        });
        if (!download.ok) await download.body?.cancel();
        // Nothing to take the tail of: an empty log cannot satisfy any range.
        if (download.status === 416) return "";
        if (download.status === 404 || download.status === 410) {
          throw new CiError("not_found", `${context.subject} has expired or was deleted`, {
            hint: "GitHub keeps logs for a limited time; re-run the job to get a fresh log.",
          });
        }
        if (!download.ok) {
          throw new CiError(
            "upstream",
            `Could not ${context.action}: the log download answered ${download.status}`,
            { hint: "The download link may have expired; try again." },
          );
        }
        const tail = await readLogTail(download);
        if (!tail.truncated) return tailLines(tail.text, lines);
        options.log.warn("job log read stopped at the cap: the download ignored Range", {
          repo: full,
          jobId,
          readBytes: tail.truncated.readBytes,
          totalBytes: tail.truncated.totalBytes,
        });
        return [tailLines(tail.text, lines - 1), truncationNote(tail.truncated)]
          .filter(Boolean).join("\n");
      });
    },

    dispatch(
      full: string,
      workflow: string,
      ref: string,
      inputs: Record<string, string>,
    ): Promise<DispatchResult> {
      const workflowId = workflowKey(workflow);
      return call(full, {
        action: `dispatch ${workflowId} on ${ref} in ${full}`,
        subject: `Repository ${full} or workflow ${workflowId}`,
      }, async ({ owner, repo }) => {
        const count = Object.keys(inputs).length;
        if (count > MAX_DISPATCH_INPUTS) {
          throw new CiError(
            "bad_request",
            `Cannot dispatch ${workflow} as workflow_dispatch takes at most ${MAX_DISPATCH_INPUTS} inputs: current value is ${count}`,
            { hint: "Pass fewer inputs, or group several into one JSON input." },
          );
        }
        const send = (details: boolean) =>
          octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
            owner,
            repo,
            workflow_id: workflowId,
            ref,
            inputs,
            ...(details ? { return_run_details: true } : {}),
          });
        let response;
        try {
          response = await send(true);
        } catch (error) {
          // Older GHES rejects the unknown parameter; dispatch again without run details.
          if (statusOf(error) !== 422 || !/return_run_details/.test(String(error))) throw error;
          response = await send(false);
        }
        const details = DispatchDetails.safeParse(response.data);
        if (!details.success) return {};
        const url = details.data.html_url ?? details.data.run_url;
        return { runId: Number(details.data.workflow_run_id), ...(url ? { url } : {}) };
      });
    },

    cancelRun(full: string, runId: number): Promise<void> {
      return call(full, {
        action: `cancel run ${runId} in ${full}`,
        subject: `Run ${runId} in ${full}`,
      }, async ({ owner, repo }) => {
        await octokit.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId });
      });
    },

    rerunRun(full: string, runId: number, rerun: { failedOnly?: boolean } = {}): Promise<void> {
      return call(full, {
        action: `re-run run ${runId} in ${full}`,
        subject: `Run ${runId} in ${full}`,
      }, async ({ owner, repo }) => {
        const params = { owner, repo, run_id: runId };
        if (rerun.failedOnly) await octokit.rest.actions.reRunWorkflowFailedJobs(params);
        else await octokit.rest.actions.reRunWorkflow(params);
      });
    },

    openPullRequest(full: string, spec: PullRequestSpec): Promise<{ number: number; url: string }> {
      return call(full, {
        action: `open a pull request from ${spec.branch} into ${spec.base} in ${full}`,
        subject: `Repository ${full} or branch ${spec.base}`,
      }, async ({ owner, repo }) => {
        const { data: base } = await octokit.rest.git.getRef({
          owner,
          repo,
          ref: `heads/${spec.base}`,
        });
        try {
          await octokit.rest.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${spec.branch}`,
            sha: base.object.sha,
          });
        } catch (error) {
          // 422 "Reference already exists": reuse the branch, e.g. when a previous try failed.
          if (statusOf(error) !== 422) throw error;
        }
        for (const file of spec.files) {
          const sha = await fileSha(owner, repo, file.path, spec.branch);
          await octokit.rest.repos.createOrUpdateFileContents({
            owner,
            repo,
            path: file.path,
            branch: spec.branch,
            message: `${spec.title}\n\nUpdate ${file.path}`,
            content: encodeUtf8Base64(file.content),
            ...(sha ? { sha } : {}),
          });
        }
        const { data: pull } = await octokit.rest.pulls.create({
          owner,
          repo,
          title: spec.title,
          body: spec.body,
          head: spec.branch,
          base: spec.base,
        });
        return { number: pull.number, url: pull.html_url };
      });
    },

    resolveRef(full: string, ref: string): Promise<RefResolution> {
      const reason = actionLookupsUnavailable();
      if (reason) return Promise.resolve({ kind: "unavailable", reason });
      return call(full, {
        action: `resolve ${ref} of ${full}`,
        subject: `Ref ${ref} of ${full}`,
      }, ({ owner, repo }) => resolveRef(octokit, owner, repo, ref));
    },

    actionFacts(full: string, refs: readonly string[]): Promise<ActionFacts> {
      const reason = actionLookupsUnavailable();
      if (reason) return Promise.resolve({ kind: "unavailable", reason });
      return call(full, {
        action: `read the archival and refs of ${full}`,
        subject: `Action repository ${full}`,
      }, ({ owner, repo }) => actionFacts(octokit, owner, repo, refs));
    },

    usage: () => client.usage(),
  };
}
