/**
 * A local GitHub REST simulator (Hono on 127.0.0.1, port 0) that the real Octokit-based provider
 * talks to through `baseUrl`. Scriptable state (repositories, workflow files, runs, jobs, logs),
 * strong ETags with 304s, rate-limit headers, and injectable faults.
 *
 * @example
 * ```ts
 * const sim = await startGitHubSim({ token: "t0k" });
 * sim.state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": "name: CI\non: push\n" } });
 * // githubProvider({ baseUrl: sim.url, token: "t0k", log })
 * await sim.close();
 * ```
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { contentFilePayload, directoryPayload } from "./github_payloads.ts";
import { GitHubSimState, type SimRepo } from "./github_state.ts";

export { GitHubSimState } from "./github_state.ts";
export type { SimJobInput, SimRepo, SimRepoInput, SimRunInput } from "./github_state.ts";

/** A scripted failure; consumed `times` times (default 1) by matching requests. */
export interface SimFault {
  /** Exact path below the API prefix (e.g. `/repos/acme/app/actions/runs`), or a RegExp. */
  path: RegExp | string;
  method?: string;
  /** 403 = primary rate limit (unless `message` is set: then a plain 403), 429 = secondary. */
  status?: 500 | 502 | 503 | 403 | 429;
  times?: number;
  /** Epoch seconds sent as `x-ratelimit-reset` with a 403 rate limit. */
  rateLimitReset?: number;
  /** Seconds sent as `retry-after`. */
  retryAfter?: number;
  /** Wait this long before answering (with `status`, or normally without it). */
  delayMs?: number;
  /** Error message for a plain 403. */
  message?: string;
}

/** One request the simulator saw. */
export interface SimRequest {
  method: string;
  /** Decoded path below the API prefix, without the query. */
  path: string;
  query: Record<string, string>;
  /** Subset: authorization, if-none-match, accept, user-agent, content-type. */
  headers: Record<string, string>;
  body?: unknown;
  status: number;
}

/** Options of {@linkcode startGitHubSim}. */
export interface GitHubSimOptions {
  /** When set, every API request must carry `Authorization: token|Bearer <token>`. */
  token?: string;
  now?: () => Date;
  /** Serve the API under a path, as GHES does (`/api/v3`). */
  prefix?: string;
  /** How dispatch treats `return_run_details`: GitHub today, ignored, or rejected (old GHES). */
  returnRunDetails?: "supported" | "ignored" | "rejected";
}

/** A running simulator. */
export interface GitHubSim {
  /** API base URL (origin + prefix): pass it as the provider's `baseUrl`. */
  url: string;
  origin: string;
  state: GitHubSimState;
  faults: SimFault[];
  requests: SimRequest[];
  close(): Promise<void>;
}

const RECORDED_HEADERS = ["authorization", "if-none-match", "accept", "user-agent", "content-type"];
const DOCS = "https://docs.github.com/rest";

function ghError(status: number, message: string, headers: Record<string, string> = {}) {
  return Response.json({ message, documentation_url: DOCS, status: String(status) }, {
    status,
    headers,
  });
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/** Sends a body; GETs get a strong ETag and a 304 when `If-None-Match` matches. */
async function send(
  c: Context,
  text: string,
  options: { status?: number; type?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const status = options.status ?? 200;
  const headers = new Headers(options.headers);
  headers.set("content-type", options.type ?? "application/json; charset=utf-8");
  if (c.req.method === "GET" && status === 200) {
    const etag = `"${await sha256(text)}"`;
    headers.set("etag", etag);
    headers.set("cache-control", "private, max-age=60, s-maxage=60");
    headers.set("vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
    if (etagMatches(c.req.header("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers: { etag, vary: headers.get("vary")! } });
    }
  }
  return new Response(text, { status, headers });
}

const json = (c: Context, body: unknown, status = 200, headers: Record<string, string> = {}) =>
  send(c, JSON.stringify(body), { status, headers });

function paginate<T>(c: Context, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(c.req.query("per_page")) || 30));
  const page = Math.max(1, Number(c.req.query("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const url = new URL(c.req.url);
    url.searchParams.set("page", String(p));
    return `<${url}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, "prev")] : []),
    ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
    ...(page > 1 ? [link(1, "first")] : []),
  ];
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

async function readJson(c: Context): Promise<Record<string, unknown> | Response> {
  try {
    const value = JSON.parse(await c.req.text());
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // Answered below, as GitHub does.
  }
  return ghError(400, "Problems parsing JSON");
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Starts the simulator. Close it at the end of the test.
 *
 * @example
 * ```ts
 * const sim = await startGitHubSim({ prefix: "/api/v3" });
 * sim.url; // "http://127.0.0.1:<port>/api/v3"
 * await sim.close();
 * ```
 */
export function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const now = options.now ?? (() => new Date());
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const closing = new AbortController();
  const faults: SimFault[] = [];
  const requests: SimRequest[] = [];
  const logSignature = crypto.randomUUID();
  // Filled in once the server has a port; the state keeps this object and sees the update.
  const hosts = { api: "", web: "" };
  const state = new GitHubSimState(hosts, now);

  const relative = (c: Context) => {
    const path = decodePath(new URL(c.req.url).pathname);
    return prefix && path.startsWith(prefix) ? path.slice(prefix.length) || "/" : path;
  };
  const rateHeaders = () => {
    const rate = state.rateLimit;
    return {
      "x-ratelimit-limit": String(rate.limit),
      "x-ratelimit-remaining": String(rate.remaining),
      "x-ratelimit-reset": String(rate.reset),
      "x-ratelimit-used": String(rate.limit - rate.remaining),
      "x-ratelimit-resource": "core",
    };
  };
  const takeFault = (method: string, path: string): SimFault | undefined => {
    const index = faults.findIndex((f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (typeof f.path === "string" ? f.path === path : f.path.test(path))
    );
    if (index < 0) return undefined;
    const fault = faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  };
  const faultResponse = (fault: SimFault & { status: number }): Response => {
    if (fault.status === 429) {
      return ghError(
        429,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        { ...rateHeaders(), "retry-after": String(fault.retryAfter ?? 60) },
      );
    }
    if (fault.status === 403 && fault.message !== undefined) return ghError(403, fault.message);
    if (fault.status === 403) {
      const reset = fault.rateLimitReset ?? Math.floor(now().getTime() / 1000) + 60;
      return ghError(403, "API rate limit exceeded for user ID 1.", {
        ...rateHeaders(),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
        "x-ratelimit-used": String(state.rateLimit.limit),
        ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}),
      });
    }
    return ghError(fault.status, fault.status === 500 ? "Server Error" : "Service Unavailable");
  };

  const root = new Hono();
  // Record, then apply scripted faults, for every request (API and log downloads alike).
  root.use("*", async (c, next) => {
    const method = c.req.method;
    const path = relative(c);
    const bodyText = method === "GET" || method === "HEAD" ? "" : await c.req.text();
    let body: unknown = undefined;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    const fault = takeFault(method, path);
    if (fault?.delayMs) {
      // Only close() cuts the delay short: a client that gave up must still see no answer.
      await abortableSleep(fault.delayMs, closing.signal);
    }
    if (fault?.status !== undefined) c.res = faultResponse({ ...fault, status: fault.status });
    else await next();
    const headers: Record<string, string> = {};
    for (const name of RECORDED_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    requests.push({ method, path, query: c.req.query(), headers, body, status: c.res.status });
  });

  // Pre-signed log download: no Authorization, like GitHub's blob storage.
  root.get("/_logs/:job", (c) => {
    if (c.req.query("sig") !== logSignature) {
      return c.text("AuthenticationFailed: Server failed to authenticate the request.", 403);
    }
    const log = state.logOf(Number(c.req.param("job")));
    if (log === undefined) return c.text("BlobNotFound: The specified blob does not exist.", 404);
    return c.text(log, 200, { "content-type": "text/plain; charset=utf-8" });
  });

  const api = new Hono();
  // Auth, rate limit accounting and headers. A 304 does not count against the limit.
  api.use("*", async (c, next) => {
    const auth = /^(?:token|bearer)\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    const rate = state.rateLimit;
    const nowSeconds = Math.floor(now().getTime() / 1000);
    if (nowSeconds >= rate.reset) {
      Object.assign(rate, { remaining: rate.limit, reset: nowSeconds + 3600 });
    }
    if (options.token !== undefined && auth?.[1] !== options.token) {
      c.res = ghError(401, "Bad credentials");
    } else if (rate.remaining <= 0) {
      c.res = ghError(403, "API rate limit exceeded for user ID 1.");
    } else {
      await next();
    }
    if (c.res.status !== 304) rate.remaining = Math.max(0, rate.remaining - 1);
    for (const [name, value] of Object.entries(rateHeaders())) c.res.headers.set(name, value);
    c.res.headers.set("x-github-api-version-selected", "2022-11-28");
    c.res.headers.set("x-github-request-id", crypto.randomUUID().toUpperCase());
  });

  const repoOf = (c: Context): SimRepo | Response =>
    state.repo(`${c.req.param("owner")}/${c.req.param("repo")}`) ?? ghError(404, "Not Found");
  const R = "/repos/:owner/:repo";

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
    if (!job || state.logOf(Number(job.id)) === undefined) return ghError(404, "Not Found");
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
    const ref = state.refPayload(repo, decodePath(c.req.param("ref")));
    return ref ? json(c, ref) : ghError(404, "Not Found");
  });

  api.post(`${R}/git/refs`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const result = state.createRef(repo, String(body.ref ?? ""), String(body.sha ?? ""));
    return typeof result === "string" ? ghError(422, result) : json(c, result, 201);
  });

  api.put(`${R}/contents/:path{.+}`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const path = decodePath(c.req.param("path"));
    const result = await state.putFile(repo, path, body);
    return "error" in result
      ? ghError(result.status, result.error)
      : json(c, result.payload, result.created ? 201 : 200);
  });

  api.post(`${R}/pulls`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const result = state.createPull(repo, body);
    return typeof result === "string" ? ghError(422, result) : json(c, result, 201);
  });

  api.post(`${R}/actions/workflows/:wf/dispatches`, async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const workflow = state.findWorkflow(repo, c.req.param("wf"));
    if (!workflow) return ghError(404, "Not Found");
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const mode = options.returnRunDetails ?? "supported";
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

  root.route(prefix || "/", api);
  root.notFound(() => ghError(404, "Not Found"));

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    root.fetch,
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  Object.assign(hosts, { api: origin + prefix, web: origin });
  return Promise.resolve({
    url: origin + prefix,
    origin,
    state,
    faults,
    requests,
    async close() {
      closing.abort();
      await server.shutdown();
    },
  });
}
