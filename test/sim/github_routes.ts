/**
 * The REST routes of the GitHub simulator (repositories, Actions, contents, git refs, pulls)
 * over its {@linkcode GitHubSimState}.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { createPull, createRef, putFile, refPayload } from "./github_git.ts";
import { decodePath, ghError, json, paginate, readJson, send } from "./github_http.ts";
import { contentFilePayload, directoryPayload } from "./github_payloads.ts";
import type { GitHubSimState, SimRepo } from "./github_state.ts";
import { mountTagRoutes } from "./github_tags.ts";

/** What the routes need. */
export interface ApiRouteDeps {
  state: GitHubSimState;
  /** Signature of pre-signed log download links. */
  logSignature: string;
  /** How dispatch treats `return_run_details`: GitHub today, ignored, or rejected (old GHES). */
  returnRunDetails: "supported" | "ignored" | "rejected";
}

/**
 * Mounts every API route on `api` (mounted under the API prefix).
 *
 * @example
 * ```ts
 * // const api = new Hono(); mountApiRoutes(api, { state, logSignature, returnRunDetails: "supported" });
 * ```
 */
export function mountApiRoutes(api: Hono, deps: ApiRouteDeps): void {
  const { state, logSignature } = deps;
  const repoOf = (c: Context): SimRepo | Response =>
    state.repo(`${c.req.param("owner")}/${c.req.param("repo")}`) ?? ghError(404, "Not Found");
  const R = "/repos/:owner/:repo";
  mountTagRoutes(api, state);

  api.get(R, (c) => {
    const repo = repoOf(c);
    return repo instanceof Response ? repo : json(c, state.repoPayload(repo));
  });

  api.get(`${R}/actions/workflows`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const all = state.workflows(repo);
    const page = paginate(c, all);
    return json(c, { total_count: all.length, workflows: page.items }, 200, page.headers);
  });

  api.get(`${R}/actions/workflows/:wf`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const workflow = state.findWorkflow(repo, c.req.param("wf"));
    return workflow ? json(c, workflow) : ghError(404, "Not Found");
  });

  const listRuns = (c: Context, repo: SimRepo, workflowId?: number) => {
    const all = state.runs(repo, {
      workflowId,
      branch: c.req.query("branch"),
      event: c.req.query("event"),
      status: c.req.query("status"),
      created: c.req.query("created"),
      actor: c.req.query("actor"),
      headSha: c.req.query("head_sha"),
    });
    const page = paginate(c, all);
    return json(c, { total_count: all.length, workflow_runs: page.items }, 200, page.headers);
  };
  api.get(`${R}/actions/runs`, (c) => {
    const repo = repoOf(c);
    return repo instanceof Response ? repo : listRuns(c, repo);
  });
  api.get(`${R}/actions/workflows/:wf/runs`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const workflow = state.findWorkflow(repo, c.req.param("wf"));
    return workflow ? listRuns(c, repo, workflow.id) : ghError(404, "Not Found");
  });

  api.get(`${R}/actions/runs/:id`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const run = state.run(repo, Number(c.req.param("id")));
    return run ? json(c, run) : ghError(404, "Not Found");
  });

  api.get(`${R}/actions/runs/:id/jobs`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const run = state.run(repo, Number(c.req.param("id")));
    if (!run) return ghError(404, "Not Found");
    const all = state.jobs(Number(run.id), c.req.query("filter") === "all" ? "all" : "latest");
    const page = paginate(c, all);
    return json(c, { total_count: all.length, jobs: page.items }, 200, page.headers);
  });

  api.get(`${R}/actions/runs/:id/artifacts`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const run = state.run(repo, Number(c.req.param("id")));
    if (!run) return ghError(404, "Not Found");
    const name = c.req.query("name");
    const all = state.artifacts(Number(run.id)).filter((a) => !name || a.name === name);
    const page = paginate(c, all);
    return json(c, { total_count: all.length, artifacts: page.items }, 200, page.headers);
  });

  api.get(`${R}/actions/jobs/:id`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const job = state.job(repo, Number(c.req.param("id")));
    return job ? json(c, job) : ghError(404, "Not Found");
  });

  api.get(`${R}/actions/jobs/:id/logs`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const job = state.job(repo, Number(c.req.param("id")));
    if (!job || state.logBlob(Number(job.id)) === undefined) return ghError(404, "Not Found");
    const origin = new URL(c.req.url).origin;
    return c.redirect(`${origin}/_logs/${job.id}?sig=${logSignature}`, 302);
  });

  api.get(`${R}/contents/:path{.+}`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const ref = c.req.query("ref") ?? repo.defaultBranch;
    const branch = state.branch(repo, ref);
    if (!branch) return ghError(404, `No commit found for the ref ${ref}`);
    const path = decodePath(c.req.param("path")).replace(/^\/+|\/+$/g, "");
    const text = branch.files.get(path);
    if (text === undefined) {
      const listing = directoryPayload(state.hosts, repo.fullName, branch.files.keys(), path);
      return listing.length ? json(c, listing) : ghError(404, "Not Found");
    }
    if (/\.raw\b/.test(c.req.header("accept") ?? "")) {
      return send(c, text, { type: "application/vnd.github.raw; charset=utf-8" });
    }
    const payload = await contentFilePayload(state.hosts, repo.fullName, ref, path, text);
    // GitHub omits the content of files over 1 MB; clients must ask for the raw media type.
    if (payload.size > 1_000_000) Object.assign(payload, { content: "", encoding: "none" });
    return json(c, payload);
  });

  api.get(`${R}/git/ref/:ref{.+}`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const ref = refPayload(state.hosts, repo, decodePath(c.req.param("ref")));
    return ref ? json(c, ref) : ghError(404, "Not Found");
  });

  api.post(`${R}/git/refs`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const result = createRef(state.hosts, repo, String(body.ref ?? ""), String(body.sha ?? ""));
    if (typeof result !== "string") return json(c, result, 201);
    // GitHub's shape: "Validation Failed" on top, the reason in errors[].
    return /already exists/.test(result)
      ? Response.json({
        message: "Validation Failed",
        errors: [{ resource: "PullRequest", code: "custom", message: result }],
        documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
        status: "422",
      }, { status: 422 })
      : ghError(422, result);
  });

  api.put(`${R}/contents/:path{.+}`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const path = decodePath(c.req.param("path"));
    const result = await putFile(state.hosts, repo, path, body);
    return "error" in result
      ? ghError(result.status, result.error)
      : json(c, result.payload, result.created ? 201 : 200);
  });

  api.post(`${R}/pulls`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const result = createPull(
      state.hosts,
      repo,
      body,
      state.clock.now().toISOString().replace(/\.\d{3}Z$/, "Z"),
    );
    if (typeof result !== "string") return json(c, result, 201);
    // GitHub's shape: "Validation Failed" on top, the reason in errors[].
    return /already exists/.test(result)
      ? Response.json({
        message: "Validation Failed",
        errors: [{ resource: "PullRequest", code: "custom", message: result }],
        documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
        status: "422",
      }, { status: 422 })
      : ghError(422, result);
  });

  api.post(`${R}/actions/workflows/:wf/dispatches`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const workflow = state.findWorkflow(repo, c.req.param("wf"));
    if (!workflow) return ghError(404, "Not Found");
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const mode = deps.returnRunDetails;
    if (mode === "rejected" && "return_run_details" in body) {
      return ghError(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
    }
    const result = state.dispatch(repo, workflow, body);
    if (typeof result === "string") return ghError(422, result);
    if (mode !== "supported" || body.return_run_details !== true) {
      return new Response(null, { status: 204 });
    }
    return json(c, {
      workflow_run_id: result.id,
      run_url: result.url,
      html_url: result.html_url,
    });
  });

  api.post(`${R}/actions/runs/:id/cancel`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const result = state.cancel(repo, Number(c.req.param("id")));
    return typeof result === "object" ? ghError(result.status, result.error) : json(c, {}, 202);
  });

  for (const [kind, failedOnly] of [["rerun", false], ["rerun-failed-jobs", true]] as const) {
    api.post(`${R}/actions/runs/:id/${kind}`, (c) => {
      const repo = repoOf(c);
      if (repo instanceof Response) return repo;
      const result = state.rerun(repo, Number(c.req.param("id")), failedOnly);
      return typeof result === "object" ? ghError(result.status, result.error) : json(c, {}, 201);
    });
  }
}
