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
import { SimClock } from "./github_clock.ts";
import {
  hookBody,
  type SimWebhookDelivery,
  type SimWebhookTarget,
  WebhookSender,
} from "./github_hooks.ts";
import { abortableSleep, decodePath, ghError } from "./github_http.ts";
import { serveLog } from "./github_logs.ts";
import { mountApiRoutes } from "./github_routes.ts";
import { serveAsUser, type SimUser } from "./github_users.ts";
import { GitHubSimState } from "./github_state.ts";

export { SimClock } from "./github_clock.ts";
export { GitHubSimState } from "./github_state.ts";
export { generatedLog, type SimLogBlob } from "./github_logs.ts";
export type { SimWebhookDelivery, SimWebhookTarget } from "./github_hooks.ts";
export type { SimPermission, SimUser } from "./github_users.ts";
export type { SimTransition } from "./github_lifecycle.ts";
export type { SimJobInput, SimRepo, SimRepoInput, SimRunInput } from "./github_state.ts";
export type {
  SimArtifactSpec,
  SimScript,
  SimScriptContext,
  SimScriptJob,
  SimScriptResult,
  SimScriptStep,
} from "./github_script.ts";

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
  /** Personal tokens (token → person): they see only what that person may (`github_users.ts`). */
  users?: Record<string, SimUser>;
  /** An outside time source instead of the sim clock's own (`sim.clock.advance` adds to it). */
  now?: () => Date;
  /** Sim time at start. Default: the real time now. */
  start?: Date | string;
  /**
   * Automatic clock: sim time runs this many times faster than real time (600: a 5-minute job
   * takes 0.5 s). Without it the clock is manual: it moves only by `sim.clock.advance(ms)`.
   */
  timeScale?: number;
  /** Login that dispatches run as. Default `octocat`. */
  actor?: string;
  /** Send signed `workflow_run` / `workflow_job` deliveries here. */
  webhook?: SimWebhookTarget;
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
  /** The sim clock (`now()`, `advance(ms)`). */
  clock: SimClock;
  faults: SimFault[];
  requests: SimRequest[];
  /** Every webhook delivery, redeliveries included. */
  webhookDeliveries: SimWebhookDelivery[];
  /** Sets (or, with no url, clears) where webhooks go. */
  setWebhook(url?: string, secret?: string): void;
  /** Sends a delivery again, same id and body; resolves with the new attempt once answered. */
  redeliver(deliveryId: string): Promise<SimWebhookDelivery>;
  /** Resolves once every delivery so far has been answered. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

const RECORDED_HEADERS = [
  "authorization",
  "if-none-match",
  "accept",
  "user-agent",
  "content-type",
  "range",
];
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
  const clock = new SimClock({
    start: options.start,
    timeScale: options.timeScale,
    source: options.now,
  });
  const now = () => clock.now();
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const closing = new AbortController();
  const faults: SimFault[] = [];
  const requests: SimRequest[] = [];
  const logSignature = crypto.randomUUID();
  // Filled in once the server has a port; the state keeps this object and sees the update.
  const hosts = { api: "", web: "" };
  const state = new GitHubSimState(hosts, clock, { actor: options.actor });
  const hooks = new WebhookSender();
  hooks.target = options.webhook;
  state.lifecycle.onTransition((transition) => {
    const body = hookBody(state, transition);
    if (body) hooks.send(transition.kind, body, transition.at);
  });

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
    const log = state.logBlob(Number(c.req.param("job")));
    if (log === undefined) return c.text("BlobNotFound: The specified blob does not exist.", 404);
    return serveLog(log, c.req.header("range"));
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
    state.lifecycle.tick();
    const user = auth ? options.users?.[auth[1]] : undefined;
    if (user) {
      c.res = await serveAsUser(c, next, relative(c), state, user);
    } else if (options.token !== undefined && auth?.[1] !== options.token) {
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

  mountApiRoutes(api, {
    state,
    logSignature,
    returnRunDetails: options.returnRunDetails ?? "supported",
  });

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
    clock,
    faults,
    requests,
    webhookDeliveries: hooks.deliveries,
    setWebhook(url?: string, secret = "") {
      hooks.target = url ? { url, secret } : undefined;
    },
    redeliver: (id) => hooks.redeliver(id),
    webhooksIdle: () => hooks.idle(),
    async close() {
      closing.abort();
      state.lifecycle.close();
      await hooks.close();
      await server.shutdown();
    },
  });
}
